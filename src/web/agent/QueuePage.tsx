// The agent workspace: queues (predefined and saved filters; QueueNav), a filter bar (FilterBar),
// and the same ticket query as a dense sortable table (QueueTable) or a kanban board (QueueBoard).
// Every bit of state is in the URL; the list refreshes live (query keys rooted at 'tickets' /
// 'ticket'). Keyboard: j/k, Enter/o, b, /, ? (useQueueKeys).
import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSlaNow } from '../components/SlaCell';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { isAgent, useMe } from '../lib/auth';
import { BulkBar } from './BulkBar';
import { columnsOf, type Lanes, parseLanes } from './board';
import { FilterBar } from './FilterBar';
import {
  boardColumns,
  parseQueueParams,
  predefinedQueues,
  type Queue,
  type QueueFilters,
  type QueueState,
  type SlaFilter,
  sameFilters,
  savedSearchesKey,
  savedSearchQueue,
  serverSort,
  sortRows,
  ticketsQuery,
  toQueueParams,
} from './filters';
import { QueueBoard } from './QueueBoard';
import { QueueNav } from './QueueNav';
import { QueueTable } from './QueueTable';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useQueueKeys } from './useQueueKeys';

const PAGE_SIZE = 25;
const slaFilterWords: Record<Exclude<SlaFilter, ''>, string> = { at_risk: 'at risk', breached: 'breached' };

export default function QueuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseQueueParams(params), [params]);
  const { filters } = state;

  // Swimlanes (board only) ride along in the URL next to the queue state.
  const lanes = parseLanes(params.get('lanes'));
  const withLanes = (search: URLSearchParams, value: Lanes) => {
    if (value !== 'none') search.set('lanes', value);
    return search;
  };
  const update = (next: Partial<QueueState>, replace = false) =>
    setParams(withLanes(new URLSearchParams(toQueueParams({ ...state, ...next })), lanes), { replace });
  const setFilters = (next: Partial<QueueFilters>, replace = false) =>
    update({ filters: { ...filters, ...next } }, replace);

  const teams = useQuery({
    queryKey: ['agent', 'teams'],
    queryFn: () => api('/api/v1/teams', 'identity.teamListOut'),
    staleTime: 300_000,
  });
  const catalog = useQuery({
    queryKey: ['agent', 'catalog'],
    queryFn: () => api('/api/v1/catalog', 'catalog.catalogOut'),
    staleTime: 300_000,
  });
  const saved = useQuery({
    queryKey: savedSearchesKey,
    queryFn: () => api('/api/v1/notifications/saved-searches', 'notifications.savedSearchListOut'),
  });
  const requestTypes = useMemo(
    () =>
      (catalog.data ?? []).flatMap((category) =>
        category.requestTypes.map((t) => ({ value: t.key, label: t.name })),
      ),
    [catalog.data],
  );
  const typeName = (key: string | null) => requestTypes.find((t) => t.value === key)?.label ?? key ?? '—';

  const queues = useMemo(() => predefinedQueues(teams.data ?? []), [teams.data]);
  const savedQueues = useMemo(() => (saved.data ?? []).map(savedSearchQueue), [saved.data]);
  const activeQueue = [...queues, ...savedQueues].find((q) => sameFilters(q.filters, filters));

  // Words searched for: best match first (full-text rank), unless a column sort was picked.
  const words = filters.q.trim();
  const ranked = words !== '' && !params.get('sort');
  const query = {
    ...ticketsQuery(filters, PAGE_SIZE),
    ...(ranked ? { sort: 'relevance' as const, dir: 'desc' as const } : serverSort(state.sort, state.dir)),
  };
  const tickets = useInfiniteQuery({
    queryKey: ['tickets', 'agent-queue', query],
    queryFn: ({ pageParam, signal }) =>
      api('/api/v1/tickets', 'tickets.ticketPageOut', { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const loaded = useMemo(() => tickets.data?.pages.flatMap((p) => p.items) ?? [], [tickets.data]);

  // Each row carries its SLA summary; `now` advances running clocks between live refreshes.
  const now = useSlaNow(
    loaded.some((row) => row.sla?.status === 'on_track' || row.sla?.status === 'at_risk'),
  );
  // The SLA order is taken when the rows or the sort change, not at every display tick.
  const rows = useMemo(
    () => (ranked ? loaded : sortRows(loaded, state.sort, state.dir)),
    [loaded, ranked, state.sort, state.dir],
  );
  // Rows ticked for bulk actions (cleared when the query changes).
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const queryKey = JSON.stringify(query);
  const [checkedFor, setCheckedFor] = useState(queryKey);
  if (checkedFor !== queryKey) {
    setCheckedFor(queryKey);
    setChecked(new Set());
  }
  const check = (keys: string[], on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      for (const key of keys) {
        if (on) next.add(key);
        else next.delete(key);
      }
      return next;
    });

  const columns = columnsOf(boardColumns(filters), rows);
  const ordered =
    state.view === 'board' ? columns.flatMap((status) => rows.filter((r) => r.status === status)) : rows;

  // t takes the selected ticket: assigned to the caller (the server says why when it may not).
  const client = useQueryClient();
  const take = useMutation({
    mutationFn: (key: string) =>
      api(`/api/v1/tickets/${key}`, 'tickets.ticketOut', { method: 'PATCH', body: { assignee: 'me' } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });

  // Keyboard selection and shortcuts (j/k, Enter/o, t, b, /, ?).
  const searchRef = useRef<HTMLInputElement>(null);
  const [helpOpen, help] = useDisclosure(false);
  const selectedKey = useQueueKeys({
    ordered,
    resetOn: JSON.stringify([query, state.sort, state.dir, state.view]),
    view: state.view,
    update,
    helpOpen,
    openHelp: help.open,
    searchRef,
    onTake: (row) => take.mutate(row.key),
  });

  if (me.data && !isAgent(me.data)) {
    return (
      <Stack>
        <Title order={1}>Agent workspace</Title>
        <Alert color="blue" title="For agents">
          The queues are for the service desk and the infrastructure team. Your own requests are under{' '}
          <Anchor component={Link} to="/portal/requests">
            My requests
          </Anchor>
          .
        </Alert>
      </Stack>
    );
  }

  const queueLink = (queue: Queue) => `?${toQueueParams({ ...state, filters: queue.filters })}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <Title order={1}>Agent workspace</Title>
        <Button variant="subtle" size="compact-sm" onClick={help.open} aria-keyshortcuts="?">
          Keyboard shortcuts
        </Button>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3, lg: 2 }}>
          <QueueNav
            queues={queues}
            savedQueues={savedQueues}
            activeQueue={activeQueue}
            linkOf={queueLink}
            onPick={(queue) => setFilters(queue.filters)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9, lg: 10 }}>
          <Stack gap="sm">
            <FilterBar
              filters={filters}
              teams={teams.data ?? []}
              requestTypes={requestTypes}
              searchRef={searchRef}
              onChange={setFilters}
              canSave={!activeQueue}
            />
            <Group justify="space-between" wrap="wrap" gap="xs">
              <SegmentedControl
                size="xs"
                aria-label="View"
                value={state.view}
                onChange={(view) => update({ view: view as QueueState['view'] })}
                data={[
                  { value: 'table', label: 'Table' },
                  { value: 'board', label: 'Board' },
                ]}
              />
              {state.view === 'board' ? (
                <SegmentedControl
                  size="xs"
                  aria-label="Swimlanes"
                  value={lanes}
                  onChange={(value) =>
                    setParams(withLanes(new URLSearchParams(toQueueParams(state)), parseLanes(value)))
                  }
                  data={[
                    { value: 'none', label: 'No swimlanes' },
                    { value: 'assignee', label: 'By assignee' },
                    { value: 'priority', label: 'By priority' },
                  ]}
                />
              ) : null}
              <Text size="sm" c="gray.7" role="status" aria-live="polite">
                {tickets.isPending
                  ? 'Loading tickets…'
                  : `${rows.length} ticket${rows.length === 1 ? '' : 's'}${tickets.hasNextPage ? ' loaded, more available' : ''}${
                      filters.sla ? ` with the SLA ${slaFilterWords[filters.sla]}` : ''
                    }${state.sort === 'sla' && tickets.hasNextPage ? ' (SLA order of the loaded ones)' : ''}`}
              </Text>
            </Group>
            {take.error ? (
              <Text size="sm" c="red.8" role="alert">
                Could not take {take.variables}: {take.error.message}
              </Text>
            ) : null}
            {checked.size > 0 && state.view === 'table' ? (
              <BulkBar keys={[...checked]} onDone={() => setChecked(new Set())} />
            ) : null}
            {tickets.isPending ? (
              <LoadingBlock rows={8} height={34} />
            ) : tickets.isError ? (
              <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
            ) : rows.length === 0 ? (
              <Paper withBorder p="md">
                <EmptyState title="No tickets in this queue">
                  {filters.sla
                    ? `No ticket has an SLA clock ${slaFilterWords[filters.sla]} right now.`
                    : 'Try another queue or clear the filters.'}
                </EmptyState>
              </Paper>
            ) : state.view === 'table' ? (
              <QueueTable
                rows={rows}
                now={now}
                typeName={typeName}
                sort={state.sort}
                dir={state.dir}
                selectedKey={selectedKey}
                checked={checked}
                onCheck={check}
                words={words ? words.split(/\s+/) : []}
                onSort={(sort) =>
                  update({
                    sort,
                    dir:
                      state.sort === sort
                        ? state.dir === 'asc'
                          ? 'desc'
                          : 'asc'
                        : sort === 'requester' || sort === 'requestType' || sort === 'team' || sort === 'sla'
                          ? 'asc'
                          : 'desc',
                  })
                }
              />
            ) : (
              <QueueBoard
                columns={columns}
                rows={rows}
                now={now}
                typeName={typeName}
                selectedKey={selectedKey}
                lanes={lanes}
              />
            )}
            {tickets.hasNextPage ? (
              <Group justify="center">
                <Button
                  variant="light"
                  onClick={() => void tickets.fetchNextPage()}
                  loading={tickets.isFetchingNextPage}
                >
                  Load more
                </Button>
              </Group>
            ) : null}
            {tickets.isFetchNextPageError ? <ErrorState error={tickets.error} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
      <ShortcutsHelp opened={helpOpen} onClose={help.close} />
    </Stack>
  );
}
