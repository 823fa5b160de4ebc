// The queue as a dense table: sortable columns, the selected row highlighted, times as short "ago".
// On a phone, one card per ticket instead (key, status and SLA first; nothing scrolls sideways).
import {
  Anchor,
  Checkbox,
  Group,
  Highlight,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { SlaCell } from '../components/SlaCell';
import { StatusBadge } from '../components/StatusBadge';
import { dateTime, timeAgo } from '../lib/format';
import type { QueueRow, SortKey } from './filters';

const columnsSpec: { key: SortKey; label: string; w?: number }[] = [
  { key: 'key', label: 'Key' },
  { key: 'requestType', label: 'Request type' },
  { key: 'status', label: 'Status' },
  { key: 'sla', label: 'SLA' },
  { key: 'requester', label: 'Requester' },
  { key: 'assignee', label: 'Assignee' },
  { key: 'team', label: 'Team' },
  { key: 'created', label: 'Created' },
  { key: 'updated', label: 'Updated' },
];

const narrowRelative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'narrow' });
const agoUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];
/** "3m ago", "2d ago": the table's narrow time columns (the cell's title has the full date). */
export function shortAgo(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const [unit, size] = agoUnits.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return narrowRelative.format(Math.round(seconds / size), unit);
}

/** One line, cut with an ellipsis past `maw` (the full text is in the title). */
export const clip = (maw: number) =>
  ({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: maw }) as const;

function SortHeader({
  spec,
  sort,
  dir,
  onSort,
}: {
  spec: (typeof columnsSpec)[number];
  sort: SortKey;
  dir: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
}) {
  const active = sort === spec.key;
  return (
    <Table.Th w={spec.w} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(spec.key)} fw={700} fz="sm" style={{ whiteSpace: 'nowrap' }}>
        {spec.label}
        <span aria-hidden="true" style={{ display: 'inline-block', width: 14, textAlign: 'center' }}>
          {active ? (dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

export const selectedStyle = {
  background: 'var(--mantine-color-blue-0)',
  boxShadow: 'inset 3px 0 0 var(--mantine-color-blue-8)',
};

export function QueueTable({
  rows,
  now,
  typeName,
  sort,
  dir,
  selectedKey,
  onSort,
  checked,
  onCheck,
  words = [],
}: {
  rows: QueueRow[];
  now: number;
  typeName: (key: string | null) => string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  selectedKey: string | undefined;
  onSort: (key: SortKey) => void;
  /** The rows ticked for bulk actions, and how ticking changes them. */
  checked: ReadonlySet<string>;
  onCheck: (keys: string[], on: boolean) => void;
  /** The words searched for: highlighted in the titles. */
  words?: string[];
}) {
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const all = rows.length > 0 && rows.every((row) => checked.has(row.key));
  const some = rows.some((row) => checked.has(row.key));
  if (phone)
    return (
      <QueueCards
        rows={rows}
        now={now}
        typeName={typeName}
        selectedKey={selectedKey}
        checked={checked}
        onCheck={onCheck}
        words={words}
      />
    );
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table
        striped
        highlightOnHover
        verticalSpacing={6}
        fz="sm"
        stickyHeader
        style={{ width: 'max-content', minWidth: '100%' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32}>
              <Checkbox
                size="xs"
                aria-label="Select all loaded tickets"
                checked={all}
                indeterminate={some && !all}
                onChange={(event) =>
                  onCheck(
                    rows.map((row) => row.key),
                    event.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            {columnsSpec.map((spec) => (
              <SortHeader key={spec.key} spec={spec} sort={sort} dir={dir} onSort={onSort} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr
              key={row.key}
              id={`queue-item-${row.key}`}
              data-selected={row.key === selectedKey || undefined}
              aria-selected={row.key === selectedKey}
              style={row.key === selectedKey ? selectedStyle : undefined}
            >
              <Table.Td>
                <Checkbox
                  size="xs"
                  aria-label={`Select ${row.key}`}
                  checked={checked.has(row.key)}
                  onChange={(event) => onCheck([row.key], event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm">
                  {row.key}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" title={`${typeName(row.requestType)}: ${row.title}`} style={clip(220)}>
                  {typeName(row.requestType)}
                </Text>
                {words.length > 0 ? (
                  <Highlight fz="xs" c="gray.7" highlight={words} style={clip(220)} title={row.title}>
                    {row.title}
                  </Highlight>
                ) : null}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge status={row.status} outcome={row.outcome} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <SlaCell sla={row.sla} now={now} />
              </Table.Td>
              <Table.Td>
                <Text
                  fz="sm"
                  title={`${row.requester.displayName} <${row.requester.email}>`}
                  style={clip(120)}
                >
                  {row.requester.displayName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text
                  fz="sm"
                  title={row.assignee ? `${row.assignee.displayName} <${row.assignee.email}>` : 'Unassigned'}
                  c={row.assignee ? undefined : 'gray.7'}
                  style={clip(120)}
                >
                  {row.assignee?.displayName ?? 'Unassigned'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" title={row.team?.name} style={clip(110)}>
                  {row.team?.name ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td
                style={{ whiteSpace: 'nowrap' }}
                title={`${timeAgo(row.createdAt)}, ${dateTime(row.createdAt)}`}
              >
                {shortAgo(row.createdAt, now)}
              </Table.Td>
              <Table.Td
                style={{ whiteSpace: 'nowrap' }}
                title={`${timeAgo(row.updatedAt)}, ${dateTime(row.updatedAt)}`}
              >
                {shortAgo(row.updatedAt, now)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** The queue on a phone: a card per ticket, its badges whole (sorting stays in the filter bar's URL). */
function QueueCards({
  rows,
  now,
  typeName,
  selectedKey,
  checked,
  onCheck,
  words,
}: {
  rows: QueueRow[];
  now: number;
  typeName: (key: string | null) => string;
  selectedKey: string | undefined;
  checked: ReadonlySet<string>;
  onCheck: (keys: string[], on: boolean) => void;
  words: string[];
}) {
  return (
    <Stack gap="xs" component="ul" aria-label="Tickets" p={0} m={0} style={{ listStyle: 'none' }}>
      {rows.map((row) => (
        <Paper
          key={row.key}
          component="li"
          withBorder
          p="xs"
          id={`queue-item-${row.key}`}
          data-queue-card
          data-selected={row.key === selectedKey || undefined}
          style={row.key === selectedKey ? selectedStyle : undefined}
        >
          <Group gap="xs" wrap="wrap" justify="space-between">
            <Group gap="xs" wrap="nowrap">
              <Checkbox
                size="xs"
                aria-label={`Select ${row.key}`}
                checked={checked.has(row.key)}
                onChange={(event) => onCheck([row.key], event.currentTarget.checked)}
              />
              <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm">
                {row.key}
              </Anchor>
            </Group>
            <Group gap={6} wrap="wrap">
              <StatusBadge status={row.status} outcome={row.outcome} />
              <SlaCell sla={row.sla} now={now} />
            </Group>
          </Group>
          <Text fz="sm" mt={4} lineClamp={1} title={row.title}>
            {typeName(row.requestType)}
          </Text>
          {words.length > 0 ? (
            <Highlight fz="xs" c="gray.7" highlight={words} lineClamp={2}>
              {row.title}
            </Highlight>
          ) : null}
          <Text fz="xs" c="gray.7" mt={2} lineClamp={1}>
            {row.requester.displayName} · {row.assignee?.displayName ?? 'Unassigned'} · updated{' '}
            <span title={dateTime(row.updatedAt)}>{shortAgo(row.updatedAt, now)}</span>
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
