// A CI's impact both ways: "affected if it fails" (down) and "depends on" (up), drawn as an SVG
// graph (columns by depth, arrows along the paths) and listed with each CI's path.
import {
  Anchor,
  Badge,
  Box,
  Card,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { QueryBlock, RecordTable } from '../admin/kit';
import { EmptyState } from '../components/States';
import { type CiDetail, ciPath, graphBox, type ImpactEntry, layoutImpact, pathText } from './cmdb';
import { useImpact } from './queries';

export function ImpactPanel({ ci, classNames }: { ci: CiDetail; classNames: Map<string, string> }) {
  const [direction, setDirection] = useState<'down' | 'up'>('down');
  const impact = useImpact(ci.id, direction);
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            Impact
          </Title>
          <SegmentedControl
            value={direction}
            onChange={(value) => setDirection(value as 'down' | 'up')}
            data={[
              { value: 'down', label: 'Affected if it fails' },
              { value: 'up', label: 'What it depends on' },
            ]}
          />
        </Group>
        <QueryBlock
          query={impact}
          rows={3}
          isEmpty={(entries) => entries.length === 0}
          empty={
            <EmptyState title={direction === 'down' ? 'Nothing depends on it' : 'It depends on nothing'}>
              {direction === 'down'
                ? `No CI fails when ${ci.name} fails.`
                : `${ci.name} has no depends on, runs on or part of relations.`}
            </EmptyState>
          }
        >
          {(entries) => (
            <ImpactViews ci={ci} entries={entries} direction={direction} classNames={classNames} />
          )}
        </QueryBlock>
      </Stack>
    </Card>
  );
}

function ImpactViews({
  ci,
  entries,
  direction,
  classNames,
}: {
  ci: CiDetail;
  entries: ImpactEntry[];
  direction: 'down' | 'up';
  classNames: Map<string, string>;
}) {
  const names = useMemo(
    () => new Map([[ci.id, ci.name], ...entries.map((entry) => [entry.ci.id, entry.ci.name] as const)]),
    [ci, entries],
  );
  const services = entries.filter((entry) => entry.ci.class === 'service').length;
  return (
    <Stack>
      <Text size="sm">
        {direction === 'down'
          ? `${entries.length} CI${entries.length === 1 ? '' : 's'} affected if ${ci.name} fails, ${services} of them service${services === 1 ? '' : 's'}.`
          : `${ci.name} depends on ${entries.length} CI${entries.length === 1 ? '' : 's'}.`}
      </Text>
      <ImpactGraph ci={ci} entries={entries} direction={direction} />
      <RecordTable columns={['CI', 'Class', 'Depth', 'Path']} minWidth={640}>
        {entries.map((entry) => (
          <Table.Tr key={entry.ci.id}>
            <Table.Td>
              <Anchor component={Link} to={ciPath(entry.ci.id)}>
                {entry.ci.name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {entry.ci.class === 'service' ? (
                <Badge radius="sm" variant="light">
                  Service
                </Badge>
              ) : (
                (classNames.get(entry.ci.class) ?? entry.ci.class)
              )}
            </Table.Td>
            <Table.Td>{entry.depth}</Table.Td>
            <Table.Td>
              <Text size="sm" c="gray.8">
                {pathText(entry, names)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </RecordTable>
    </Stack>
  );
}

const truncate = (text: string, length = 21) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

export function ImpactGraph({
  ci,
  entries,
  direction,
}: {
  ci: CiDetail;
  entries: ImpactEntry[];
  direction: 'down' | 'up';
}) {
  const id = useId().replace(/:/g, '');
  const navigate = useNavigate();
  const layout = useMemo(
    () => layoutImpact({ id: ci.id, name: ci.name, class: ci.class }, entries),
    [ci, entries],
  );
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  const { width: w, height: h } = graphBox;
  const verb = direction === 'down' ? 'affects' : 'depends on';
  return (
    <Box>
      <ScrollArea type="auto" offsetScrollbars>
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          style={{ display: 'block', fontFamily: 'inherit' }}
        >
          <title id={`${id}-title`}>
            {direction === 'down' ? `What a failure of ${ci.name} reaches` : `What ${ci.name} depends on`}
          </title>
          <desc id={`${id}-desc`}>
            {`${layout.nodes.length - 1} CIs drawn, each arrow reads "${verb}"${layout.hidden ? `; ${layout.hidden} more in the list below` : ''}. The list after the diagram names every CI with its path.`}
          </desc>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="var(--mantine-color-gray-7)" />
            </marker>
          </defs>
          {layout.edges.map((edge) => {
            const from = byId.get(edge.from);
            const to = byId.get(edge.to);
            if (!from || !to) return null;
            const x1 = from.x + w;
            const y1 = from.y + h / 2;
            const x2 = to.x - 2;
            const y2 = to.y + h / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                key={`${edge.from}-${edge.to}`}
                d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                fill="none"
                stroke="var(--mantine-color-gray-6)"
                strokeWidth={1.5}
                markerEnd={`url(#${id}-arrow)`}
              />
            );
          })}
          {layout.nodes.map((node) => {
            const root = node.id === ci.id;
            const service = node.class === 'service';
            return (
              // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
              <g
                key={node.id}
                transform={`translate(${node.x},${node.y})`}
                role="link"
                tabIndex={root ? -1 : 0}
                aria-label={`${node.name} (${node.class})`}
                style={{ cursor: root ? 'default' : 'pointer' }}
                onClick={() => (root ? undefined : navigate(ciPath(node.id)))}
                onKeyDown={(event) => {
                  if (!root && (event.key === 'Enter' || event.key === ' ')) navigate(ciPath(node.id));
                }}
              >
                <rect
                  width={w}
                  height={h}
                  rx={6}
                  fill={
                    root
                      ? 'var(--mantine-color-red-0)'
                      : service
                        ? 'var(--mantine-color-blue-0)'
                        : 'var(--mantine-color-gray-0)'
                  }
                  stroke={
                    root
                      ? 'var(--mantine-color-red-8)'
                      : service
                        ? 'var(--mantine-color-blue-8)'
                        : 'var(--mantine-color-gray-6)'
                  }
                  strokeWidth={root ? 2 : 1.2}
                />
                <text x={10} y={18} fontSize={13} fontWeight={600} fill="var(--mantine-color-dark-7)">
                  {truncate(node.name)}
                </text>
                <text x={10} y={34} fontSize={11} fill="var(--mantine-color-gray-7)">
                  {node.class}
                  {node.depth ? ` · depth ${node.depth}` : ''}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollArea>
    </Box>
  );
}
