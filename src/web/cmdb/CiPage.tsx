// /cmdb/cis/:id — one configuration item: its attributes and facts, its relations, its impact
// both ways (graph and list) and the timeline of its changes with the tickets they were made under.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { QueryBlock } from '../admin/kit';
import { EmptyState } from '../components/States';
import { useMe } from '../lib/auth';
import { dateTime } from '../lib/format';
import { CiRelations } from './CiRelations';
import { attributeRows, type CiDetail, ciPath, ciStatusColors, describeHistory } from './cmdb';
import { ImpactPanel } from './ImpactPanel';
import { NewCiDrawer } from './NewCiDrawer';
import { useCi, useCiClasses, useCiHistory } from './queries';

export default function CiPage() {
  const { id = '' } = useParams();
  const ci = useCi(id);
  return (
    <QueryBlock query={ci} rows={6} height={48}>
      {(data) => <CiView ci={data} />}
    </QueryBlock>
  );
}

function CiView({ ci }: { ci: CiDetail }) {
  const me = useMe();
  const classes = useCiClasses();
  const [editing, setEditing] = useState(false);
  const cls = classes.data?.find((entry) => entry.key === ci.class);
  const classNames = useMemo(
    () => new Map((classes.data ?? []).map((entry) => [entry.key, entry.name])),
    [classes.data],
  );
  const canWrite = me.data?.permissions.includes('cmdb:write') ?? false;
  const rows = attributeRows(ci.attributes, cls?.attributes ?? []);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm">
            <Anchor component={Link} to={`/cmdb?class=${ci.class}`}>
              {cls?.name ?? ci.class}
            </Anchor>
          </Text>
          <Group gap="sm">
            <Title order={1}>{ci.name}</Title>
            <Badge variant="light" color={ciStatusColors[ci.status]} radius="sm">
              {ci.status}
            </Badge>
          </Group>
        </div>
        {canWrite ? (
          <Button variant="light" onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={2} size="h4">
              Attributes
            </Title>
            <Table>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.key}>
                    <Table.Th w="40%">{row.label}</Table.Th>
                    <Table.Td>{row.value}</Table.Td>
                  </Table.Tr>
                ))}
                <Fact label="Owner" value={ci.owner?.displayName} />
                <Fact label="Team" value={ci.team?.name} />
                <Table.Tr>
                  <Table.Th>Site</Table.Th>
                  <Table.Td>
                    {ci.site ? (
                      <Anchor component={Link} to={ciPath(ci.site.id)}>
                        {ci.site.name}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
                <Fact label="Tags" value={ci.tags.join(', ')} />
                <Fact label="Source" value={ci.source} />
                <Fact
                  label="External ids"
                  value={ci.externalIds.map((entry) => `${entry.source}: ${entry.externalId}`).join(', ')}
                />
                {ci.lastSeenAt ? (
                  <Fact label="Last seen by discovery" value={dateTime(ci.lastSeenAt)} />
                ) : null}
                <Fact label="Changed" value={dateTime(ci.updatedAt)} />
              </Table.Tbody>
            </Table>
          </Stack>
        </Card>
        <CiRelations ci={ci} canWrite={canWrite} />
      </SimpleGrid>
      <ImpactPanel ci={ci} classNames={classNames} />
      <CiHistory ci={ci} />
      {editing && classes.data ? (
        <NewCiDrawer
          classes={classes.data}
          ci={ci}
          onClose={() => setEditing(false)}
          onCreated={() => setEditing(false)}
        />
      ) : null}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <Table.Tr>
      <Table.Th>{label}</Table.Th>
      <Table.Td>{value || '—'}</Table.Td>
    </Table.Tr>
  );
}

function CiHistory({ ci }: { ci: CiDetail }) {
  const history = useCiHistory(ci.id);
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          History
        </Title>
        <QueryBlock
          query={history}
          rows={3}
          isEmpty={(entries) => entries.length === 0}
          empty={<EmptyState title="No changes recorded" />}
        >
          {(entries) => (
            <Timeline bulletSize={14} lineWidth={2}>
              {entries.map((entry, index) => {
                const text = describeHistory(entry);
                return (
                  <Timeline.Item
                    // biome-ignore lint/suspicious/noArrayIndexKey: history entries have no id and never reorder
                    key={`${entry.at}-${index}`}
                    title={
                      <Group gap="xs">
                        <Text fw={600} size="sm">
                          {text.title}
                        </Text>
                        {entry.ticket ? (
                          <Anchor component={Link} to={`/tickets/${entry.ticket}`} size="sm">
                            {entry.ticket}
                          </Anchor>
                        ) : null}
                      </Group>
                    }
                  >
                    {text.lines.map((line) => (
                      <Text key={line} size="sm">
                        {line}
                      </Text>
                    ))}
                    <Text size="xs" c="gray.7">
                      {dateTime(entry.at)} · {entry.actor.name} · via {entry.via}
                    </Text>
                  </Timeline.Item>
                );
              })}
            </Timeline>
          )}
        </QueryBlock>
      </Stack>
    </Card>
  );
}
