// Admin audit log: who changed what, newest first. Filters (actor, table, action, dates, text)
// live in the URL; older entries load with "Load more" (keyset pages from the server).
import { Badge, Button, Card, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { AdminPageHeader, QueryBlock } from '../kit';

const filterNames = ['actor', 'entity', 'action', 'from', 'to', 'q'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

const actionColors: Record<string, string> = { insert: 'green', update: 'blue', delete: 'red' };
const actionLabels: Record<string, string> = { insert: 'Created', update: 'Changed', delete: 'Deleted' };

const show = (value: unknown) => {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

function AuditEntry({
  entry,
}: {
  entry: {
    id: string;
    at: string;
    actorLabel: string;
    action: string;
    entity: string;
    entityId: string | null;
    changes: { field: string; before?: unknown; after?: unknown }[];
  };
}) {
  const [open, setOpen] = useState(false);
  const changed = entry.changes.map((change) => change.field).join(', ');
  return (
    <Card withBorder padding="sm" component="li" aria-label={`Audit entry ${entry.id}`}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Badge color={actionColors[entry.action] ?? 'gray'} variant="light">
            {actionLabels[entry.action] ?? entry.action}
          </Badge>
          <Text fw={600} size="sm">
            {entry.entity}
          </Text>
          {entry.entityId ? (
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {entry.entityId}
            </Text>
          ) : null}
        </Group>
        <Text size="sm" c="gray.7">
          {dateTime(entry.at)} by {entry.actorLabel}
        </Text>
        {entry.changes.length > 0 ? (
          <>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {entry.action === 'update' ? 'Changed: ' : 'Fields: '}
              {changed}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              w="fit-content"
              aria-expanded={open}
              onClick={() => setOpen((value) => !value)}
            >
              {open ? 'Hide details' : 'Show details'}
            </Button>
          </>
        ) : null}
        {open ? (
          <div style={{ overflowX: 'auto' }}>
            <Table withTableBorder verticalSpacing={4} fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Before</Table.Th>
                  <Table.Th>After</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entry.changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td>
                      <Code>{change.field}</Code>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{show(change.before)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{show(change.after)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ) : null}
      </Stack>
    </Card>
  );
}

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(applied);
  const appliedKey = JSON.stringify(applied);
  // The draft follows the URL (back and forward).
  useEffect(() => setDraft(JSON.parse(appliedKey) as Filters), [appliedKey]);

  const entities = useQuery({
    queryKey: ['admin', 'audit', 'entities'],
    queryFn: () => api('/api/v1/admin/audit/entities', 'audit.auditEntitiesOut'),
    staleTime: 300_000,
  });
  const entries = useInfiniteQuery({
    queryKey: ['admin', 'audit', applied],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api('/api/v1/admin/audit', 'audit.auditPageOut', {
        query: { ...applied, cursor: pageParam || undefined, limit: 50 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of filterNames) if (draft[name].trim()) next.set(name, draft[name].trim());
    setParams(next);
  };
  const set = (name: keyof Filters) => (value: string | null) =>
    setDraft((current) => ({ ...current, [name]: value ?? '' }));

  return (
    <Stack>
      <AdminPageHeader
        title="Audit log"
        description="Every change to Opsdesk's records: who made it, when, and what it changed."
      />
      <form onSubmit={apply} aria-label="Filter the audit log">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label="Actor"
            placeholder="admin@example.com"
            value={draft.actor}
            onChange={(event) => set('actor')(event.currentTarget.value)}
            w={200}
          />
          <Select
            label="Record type"
            placeholder="Any"
            data={entities.data ?? []}
            value={draft.entity || null}
            onChange={set('entity')}
            searchable
            clearable
            w={200}
          />
          <Select
            label="Action"
            placeholder="Any"
            data={[
              { value: 'insert', label: 'Created' },
              { value: 'update', label: 'Changed' },
              { value: 'delete', label: 'Deleted' },
            ]}
            value={draft.action || null}
            onChange={set('action')}
            clearable
            w={140}
          />
          <DateField label="From" value={draft.from} onChange={set('from')} w={150} />
          <DateField label="To" value={draft.to} onChange={set('to')} w={150} />
          <TextInput
            label="Contains"
            placeholder="a key, a name, a value"
            value={draft.q}
            onChange={(event) => set('q')(event.currentTarget.value)}
            w={200}
          />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <QueryBlock
        query={entries}
        rows={6}
        height={64}
        isEmpty={(data) => data.pages[0]?.items.length === 0}
        empty={<EmptyState title="No changes match">Try fewer filters or a wider date range.</EmptyState>}
      >
        {(data) => (
          <Stack gap="xs">
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Changes">
              {data.pages.flatMap((page) =>
                page.items.map((entry) => <AuditEntry key={entry.id} entry={entry} />),
              )}
            </Stack>
            {entries.hasNextPage ? (
              <Button
                variant="default"
                w="fit-content"
                loading={entries.isFetchingNextPage}
                onClick={() => void entries.fetchNextPage()}
              >
                Load more
              </Button>
            ) : null}
          </Stack>
        )}
      </QueryBlock>
    </Stack>
  );
}
