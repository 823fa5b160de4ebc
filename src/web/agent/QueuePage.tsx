// The agent workspace: queues (predefined and saved filters), a filter bar, and the same ticket
// query as a dense sortable table or a kanban board. Every bit of state is in the URL; the list
// refreshes live (query keys rooted at 'tickets' / 'ticket'). Keyboard: j/k, Enter/o, b, /, ?.
import {
  Alert,
  Anchor,
  Box,
  Button,
  CloseButton,
  Grid,
  Group,
  Kbd,
  Modal,
  NavLink,
  Paper,
  Popover,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { SlaCell, useSlaNow } from '../components/SlaCell';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { ApiError, api } from '../lib/api';
import { isAgent, useMe } from '../lib/auth';
import { dateTime, statuses, statusLabel, timeAgo } from '../lib/format';
import {
  boardColumns,
  defaultFilters,
  parseQueueParams,
  predefinedQueues,
  type Queue,
  type QueueFilters,
  type QueueRow,
  type QueueState,
  type SlaFilter,
  type SortKey,
  sameFilters,
  savedSearchQuery,
  savedSearchQueue,
  serverSort,
  sortRows,
  ticketsQuery,
  toQueueParams,
} from './filters';
import { moveSelection, queueShortcut, queueShortcutHelp, ticketShortcutHelp } from './shortcuts';

interface TicketPage {
  items: QueueRow[];
  nextCursor: string | null;
}

interface Team {
  key: string;
  name: string;
}

interface CatalogCategory {
  name: string;
  requestTypes: { key: string; name: string }[];
}

interface SavedSearch {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

const PAGE_SIZE = 25;
const slaFilterWords: Record<Exclude<SlaFilter, ''>, string> = { at_risk: 'at risk', breached: 'breached' };
const savedSearchesKey = ['notifications', 'saved-searches'] as const;

export default function QueuePage() {
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseQueueParams(params), [params]);
  const { filters } = state;

  const update = (next: Partial<QueueState>, replace = false) =>
    setParams(toQueueParams({ ...state, ...next }), { replace });
  const setFilters = (next: Partial<QueueFilters>, replace = false) =>
    update({ filters: { ...filters, ...next } }, replace);

  const teams = useQuery({
    queryKey: ['agent', 'teams'],
    queryFn: () => api<Team[]>('/api/v1/teams'),
    staleTime: 300_000,
  });
  const catalog = useQuery({
    queryKey: ['agent', 'catalog'],
    queryFn: () => api<CatalogCategory[]>('/api/v1/catalog'),
    staleTime: 300_000,
  });
  const saved = useQuery({
    queryKey: savedSearchesKey,
    queryFn: () => api<SavedSearch[]>('/api/v1/notifications/saved-searches'),
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

  const query = { ...ticketsQuery(filters, PAGE_SIZE), ...serverSort(state.sort, state.dir) };
  const tickets = useInfiniteQuery({
    queryKey: ['tickets', 'agent-queue', query],
    queryFn: ({ pageParam, signal }) =>
      api<TicketPage>('/api/v1/tickets', { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const loaded = useMemo(() => tickets.data?.pages.flatMap((p) => p.items) ?? [], [tickets.data]);

  // Each row carries its SLA summary; `now` advances running clocks between live refreshes.
  const now = useSlaNow(
    loaded.some((row) => row.sla?.status === 'on_track' || row.sla?.status === 'at_risk'),
  );
  // The SLA order is taken when the rows or the sort change, not at every display tick.
  const rows = useMemo(() => sortRows(loaded, state.sort, state.dir), [loaded, state.sort, state.dir]);

  const columns = boardColumns(filters);
  const ordered =
    state.view === 'board' ? columns.flatMap((status) => rows.filter((r) => r.status === status)) : rows;

  // Keyboard selection.
  const [selected, setSelected] = useState(-1);
  const queryId = JSON.stringify([query, state.sort, state.dir, state.view]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the selection when the query changes
  useEffect(() => setSelected(-1), [queryId]);
  const selectedKey = ordered[selected]?.key;
  useEffect(() => {
    if (selectedKey)
      document.getElementById(`queue-item-${selectedKey}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);

  const searchRef = useRef<HTMLInputElement>(null);
  const [helpOpen, help] = useDisclosure(false);
  const latest = useRef({ ordered, selected, view: state.view, update, helpOpen });
  latest.current = { ordered, selected, view: state.view, update, helpOpen };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const current = latest.current;
      if (current.helpOpen) return;
      const action = queueShortcut(event);
      if (!action) return;
      if (action === 'next' || action === 'previous') {
        setSelected(moveSelection(current.selected, current.ordered.length, action));
      } else if (action === 'open') {
        const row = current.ordered[current.selected];
        if (!row) return;
        navigate(`/tickets/${row.key}`);
      } else if (action === 'toggleBoard') {
        current.update({ view: current.view === 'board' ? 'table' : 'board' });
      } else if (action === 'focusSearch') {
        searchRef.current?.focus();
      } else if (action === 'help') {
        help.open();
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, help]);

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

  const allQueues = [...queues, ...savedQueues];
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
          <Box hiddenFrom="md">
            <Select
              label="Queue"
              data={[
                ...allQueues.map((q) => ({ value: q.id, label: q.label })),
                ...(activeQueue ? [] : [{ value: 'custom', label: 'Custom filter' }]),
              ]}
              value={activeQueue?.id ?? 'custom'}
              allowDeselect={false}
              onChange={(id) => {
                const queue = allQueues.find((q) => q.id === id);
                if (queue) setFilters(queue.filters);
              }}
            />
          </Box>
          <Stack gap={2} visibleFrom="md" component="nav" aria-label="Queues">
            <Text size="xs" fw={700} c="gray.7" tt="uppercase" px="sm" pb={4}>
              Queues
            </Text>
            {queues.map((queue) => (
              <NavLink
                key={queue.id}
                component={Link}
                to={queueLink(queue)}
                label={queue.label}
                active={activeQueue?.id === queue.id}
                aria-current={activeQueue?.id === queue.id ? 'page' : undefined}
              />
            ))}
            <Text size="xs" fw={700} c="gray.7" tt="uppercase" px="sm" pt="sm" pb={4}>
              My queues
            </Text>
            {savedQueues.length === 0 ? (
              <Text size="xs" c="gray.7" px="sm">
                Save a filter to keep it here.
              </Text>
            ) : null}
            {savedQueues.map((queue) => (
              <SavedQueueLink
                key={queue.id}
                queue={queue}
                to={queueLink(queue)}
                active={activeQueue?.id === queue.id}
              />
            ))}
          </Stack>
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
              <Text size="sm" c="gray.7" role="status" aria-live="polite">
                {tickets.isPending
                  ? 'Loading tickets…'
                  : `${rows.length} ticket${rows.length === 1 ? '' : 's'}${tickets.hasNextPage ? ' loaded, more available' : ''}${
                      filters.sla ? ` with the SLA ${slaFilterWords[filters.sla]}` : ''
                    }${state.sort === 'sla' && tickets.hasNextPage ? ' (SLA order of the loaded ones)' : ''}`}
              </Text>
            </Group>
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
      <Modal opened={helpOpen} onClose={help.close} title="Keyboard shortcuts">
        <ShortcutTable caption="In the queues" items={queueShortcutHelp} />
        <ShortcutTable caption="On a ticket" items={ticketShortcutHelp} />
      </Modal>
    </Stack>
  );
}

function ShortcutTable({ caption, items }: { caption: string; items: [string, string][] }) {
  return (
    <Table mb="md" verticalSpacing={4} captionSide="top">
      <Table.Caption style={{ textAlign: 'left', fontWeight: 600, color: 'var(--mantine-color-gray-7)' }}>
        {caption}
      </Table.Caption>
      <Table.Tbody>
        {items.map(([keys, what]) => (
          <Table.Tr key={keys}>
            <Table.Td w={110}>
              {keys.split(' ').map((part) =>
                part === '/' && keys !== '/' ? (
                  ' / '
                ) : part === 'or' ? (
                  ' or '
                ) : (
                  <Kbd key={part} size="xs" mx={2}>
                    {part}
                  </Kbd>
                ),
              )}
            </Table.Td>
            <Table.Td>{what}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SavedQueueLink({ queue, to, active }: { queue: Queue; to: string; active: boolean }) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/notifications/saved-searches/${queue.savedId}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: savedSearchesKey }),
  });
  return (
    <Group gap={0} wrap="nowrap">
      <NavLink
        component={Link}
        to={to}
        label={queue.label}
        active={active}
        aria-current={active ? 'page' : undefined}
      />
      <CloseButton
        size="sm"
        aria-label={`Delete saved queue ${queue.label}`}
        onClick={() => remove.mutate()}
        disabled={remove.isPending}
      />
    </Group>
  );
}

function FilterBar({
  filters,
  teams,
  requestTypes,
  searchRef,
  onChange,
  canSave,
}: {
  filters: QueueFilters;
  teams: Team[];
  requestTypes: { value: string; label: string }[];
  searchRef: React.RefObject<HTMLInputElement | null>;
  onChange: (next: Partial<QueueFilters>, replace?: boolean) => void;
  canSave: boolean;
}) {
  const [text, setText] = useState(filters.q);
  const [debounced] = useDebouncedValue(text, 300);
  // Follow the URL when it changes from elsewhere (a queue link, back/forward).
  useEffect(() => setText(filters.q), [filters.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed words drive this
  useEffect(() => {
    if (debounced.trim() !== filters.q.trim()) onChange({ q: debounced }, true);
  }, [debounced]);

  const statusOptions = [
    { value: 'open', label: 'Any open status' },
    { value: 'all', label: 'Any status' },
    ...statuses.map((s) => ({ value: s, label: statusLabel(s) })),
  ];
  if (!statusOptions.some((o) => o.value === filters.status))
    statusOptions.push({
      value: filters.status,
      label: filters.status.split(',').map(statusLabel).join(', '),
    });

  const [open, setOpen] = useState(false);
  const active = [
    filters.status !== 'open',
    filters.team,
    filters.requestType,
    filters.requester,
    filters.q,
    filters.sla,
  ].filter(Boolean).length;

  return (
    <>
      <Button
        hiddenFrom="sm"
        variant="default"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls="queue-filters"
      >
        {open ? 'Hide filters' : `Filters${active ? ` (${active} active)` : ''}`}
      </Button>
      <Paper withBorder p="sm" id="queue-filters" display={{ base: open ? 'block' : 'none', sm: 'block' }}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            ref={searchRef}
            label="Search"
            placeholder="Key or words in the title"
            type="search"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            w={{ base: '100%', xs: 220 }}
            aria-keyshortcuts="/"
          />
          <Select
            label="Status"
            data={statusOptions}
            value={filters.status}
            allowDeselect={false}
            onChange={(value) => onChange({ status: value ?? 'open' })}
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label="Team"
            placeholder="Any team"
            data={teams.map((t) => ({ value: t.key, label: t.name }))}
            value={filters.team || null}
            clearable
            onChange={(value) => onChange({ team: value ?? '' })}
            w={{ base: '100%', xs: 170 }}
          />
          <Select
            label="Request type"
            placeholder="Any request type"
            data={requestTypes}
            value={filters.requestType || null}
            clearable
            onChange={(value) => onChange({ requestType: value ?? '' })}
            w={{ base: '100%', xs: 240 }}
          />
          <Select
            label="SLA"
            placeholder="Any SLA"
            data={[
              { value: 'at_risk', label: 'At risk' },
              { value: 'breached', label: 'Breached' },
            ]}
            value={filters.sla || null}
            clearable
            onChange={(value) => onChange({ sla: (value ?? '') as SlaFilter })}
            w={{ base: '100%', xs: 130 }}
          />
          <Group gap="xs" mb={2}>
            {!sameFilters(filters, defaultFilters) ? (
              <Button variant="subtle" size="compact-sm" onClick={() => onChange(defaultFilters)}>
                Clear filters
              </Button>
            ) : null}
            {canSave ? <SaveQueueButton filters={filters} /> : null}
          </Group>
        </Group>
      </Paper>
    </>
  );
}

function SaveQueueButton({ filters }: { filters: QueueFilters }) {
  const client = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api<SavedSearch>('/api/v1/notifications/saved-searches', {
        body: { name: name.trim(), query: savedSearchQuery(filters) },
      }),
    onSuccess: () => {
      setOpened(false);
      setName('');
      void client.invalidateQueries({ queryKey: savedSearchesKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-end" withArrow>
      <Popover.Target>
        <Button variant="light" size="compact-sm" onClick={() => setOpened((o) => !o)}>
          Save as queue
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Stack gap="xs" w={240}>
            <TextInput
              label="Queue name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              data-autofocus
              error={
                save.error instanceof ApiError
                  ? (save.error.fieldErrors.name ?? save.error.message)
                  : undefined
              }
            />
            <Button type="submit" size="xs" loading={save.isPending}>
              Save
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

// SLA right after the status, so it stays in view without scrolling on a laptop screen.
const columnsSpec: { key: SortKey; label: string; w?: number }[] = [
  { key: 'key', label: 'Key' },
  { key: 'requestType', label: 'Request type' },
  { key: 'status', label: 'Status' },
  { key: 'sla', label: 'SLA' },
  { key: 'requester', label: 'Requester' },
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
function shortAgo(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const [unit, size] = agoUnits.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return narrowRelative.format(Math.round(seconds / size), unit);
}

/** One line, cut with an ellipsis past `maw` (the full text is in the title). */
const clip = (maw: number) =>
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

const selectedStyle = {
  background: 'var(--mantine-color-blue-0)',
  boxShadow: 'inset 3px 0 0 var(--mantine-color-blue-8)',
};

function QueueTable({
  rows,
  now,
  typeName,
  sort,
  dir,
  selectedKey,
  onSort,
}: {
  rows: QueueRow[];
  now: number;
  typeName: (key: string | null) => string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  selectedKey: string | undefined;
  onSort: (key: SortKey) => void;
}) {
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
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm">
                  {row.key}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" title={`${typeName(row.requestType)}: ${row.title}`} style={clip(160)}>
                  {typeName(row.requestType)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge status={row.status} />
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

function QueueBoard({
  columns,
  rows,
  now,
  typeName,
  selectedKey,
}: {
  columns: string[];
  rows: QueueRow[];
  now: number;
  typeName: (key: string | null) => string;
  selectedKey: string | undefined;
}) {
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Group align="flex-start" wrap="nowrap" gap="sm" pb="xs">
        {columns.map((status) => {
          const cards = rows.filter((row) => row.status === status);
          return (
            <Paper
              key={status}
              withBorder
              p="xs"
              w={260}
              miw={260}
              bg="gray.0"
              component="section"
              aria-label={`${statusLabel(status)}: ${cards.length}`}
            >
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Title order={2} fz="sm">
                  {statusLabel(status)}
                </Title>
                <Text fz="xs" fw={700} c="gray.7">
                  {cards.length}
                </Text>
              </Group>
              <Stack gap={6}>
                {cards.length === 0 ? (
                  <Text fz="xs" c="gray.7" py="xs" ta="center">
                    Nothing here
                  </Text>
                ) : null}
                {cards.map((row) => (
                  <BoardCard
                    key={row.key}
                    row={row}
                    now={now}
                    typeName={typeName}
                    selected={row.key === selectedKey}
                  />
                ))}
              </Stack>
            </Paper>
          );
        })}
      </Group>
    </ScrollArea>
  );
}

function BoardCard({
  row,
  now,
  typeName,
  selected,
}: {
  row: QueueRow;
  now: number;
  typeName: (key: string | null) => string;
  selected: boolean;
}): ReactNode {
  return (
    <Paper
      id={`queue-item-${row.key}`}
      withBorder
      p="xs"
      data-selected={selected || undefined}
      style={selected ? selectedStyle : undefined}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Anchor component={Link} to={`/tickets/${row.key}`} fw={600} fz="sm">
            {row.key}
          </Anchor>
          <Text fz="xs" c="gray.7" title={dateTime(row.updatedAt)}>
            {timeAgo(row.updatedAt)}
          </Text>
        </Group>
        <Text fz="sm" lineClamp={2}>
          {typeName(row.requestType)}
        </Text>
        <Text fz="xs" c="gray.7" lineClamp={1}>
          {row.title}
        </Text>
        <Text fz="xs" c="gray.7">
          {row.requester.displayName}
          {row.team ? ` · ${row.team.name}` : ''}
        </Text>
        <SlaCell sla={row.sla} now={now} />
      </Stack>
    </Paper>
  );
}
