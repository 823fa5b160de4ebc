// The caller's own requests by status tab (?status=open|waiting|closed), with the SLA clock of open
// ones (the summary each list item carries). Query keys are rooted at 'tickets'/'ticket', so the SSE
// stream refreshes the list live.
import { Anchor, Box, Button, Grid, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Wire } from '../../shared/api/common';
import type { ticketPageOut } from '../../shared/api/tickets';
import { useSlaNow } from '../components/SlaCell';
import { EmptyState, ErrorState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import type { SlaSummary } from '../components/sla';
import { api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';
import { catalogQuery, requestTypeNames } from './catalog';
import {
  openStatuses,
  parseTab,
  type RequestTab,
  requestTabs,
  type SlaTone,
  slaClock,
  ticketsQuery,
} from './myRequests';

type TicketSummary = Wire<typeof ticketPageOut>['items'][number];

export default function MyRequestsPage() {
  const [params, setParams] = useSearchParams();
  const tab = parseTab(params.get('status'));
  const catalog = useQuery(catalogQuery);
  const types = requestTypeNames(catalog.data);
  const now = useSlaNow();

  const tickets = useInfiniteQuery({
    queryKey: ['tickets', 'mine', tab],
    queryFn: ({ pageParam }) =>
      api('/api/v1/tickets', 'tickets.ticketPageOut', { query: ticketsQuery(tab, pageParam) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];

  const selectTab = (value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (!value || value === 'open') next.delete('status');
        else next.set('status', value);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>My requests</Title>
        <Button component={Link} to="/portal" variant="light">
          New request
        </Button>
      </Group>
      <Tabs value={tab} onChange={selectTab} activateTabWithKeyboard>
        <Tabs.List aria-label="Filter by status">
          {requestTabs.map((definition) => (
            <Tabs.Tab key={definition.value} value={definition.value}>
              {definition.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {tickets.isPending ? (
        <ListSkeleton />
      ) : tickets.isError ? (
        <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : items.length === 0 ? (
        <EmptyFor tab={tab} />
      ) : (
        <Stack gap={0}>
          <HeaderRow />
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Requests">
            {items.map((ticket) => (
              <RequestRow
                key={ticket.key}
                ticket={ticket}
                typeName={
                  ticket.requestType ? (types.get(ticket.requestType)?.name ?? ticket.requestType) : '—'
                }
                showSla={openStatuses.has(ticket.status)}
                now={now}
              />
            ))}
          </Stack>
          {tickets.hasNextPage ? (
            <Group justify="center" mt="md">
              <Button
                variant="default"
                onClick={() => void tickets.fetchNextPage()}
                loading={tickets.isFetchingNextPage}
              >
                Show more
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

const columns = {
  request: { base: 12, sm: 3 },
  status: { base: 12, sm: 2 },
  type: { base: 12, sm: 2 },
  created: { base: 6, sm: 2 },
  sla: { base: 6, sm: 3 },
};

function HeaderRow() {
  return (
    <Box visibleFrom="sm" px="md" pb={6} aria-hidden="true">
      <Grid gap="sm">
        {(['Request', 'Status', 'Type', 'Created', 'SLA'] as const).map((label, index) => (
          <Grid.Col key={label} span={Object.values(columns)[index]}>
            <Text size="xs" fw={700} tt="uppercase" c="gray.7">
              {label}
            </Text>
          </Grid.Col>
        ))}
      </Grid>
    </Box>
  );
}

function RequestRow({
  ticket,
  typeName,
  showSla,
  now,
}: {
  ticket: TicketSummary;
  typeName: string;
  showSla: boolean;
  now: number;
}) {
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Grid gap="sm" align="center">
        <Grid.Col span={columns.request}>
          <Anchor component={Link} to={`/tickets/${ticket.key}`} fw={600}>
            {ticket.key}
          </Anchor>
          <Text size="sm" lineClamp={2}>
            {ticket.title}
          </Text>
          {ticket.outcome?.reason ? (
            <Text size="sm" c="gray.7" lineClamp={2}>
              {ticket.outcome.name}: {ticket.outcome.reason}
            </Text>
          ) : null}
        </Grid.Col>
        <Grid.Col span={columns.status}>
          <StatusBadge status={ticket.status} outcome={ticket.outcome} />
        </Grid.Col>
        <Grid.Col span={columns.type}>
          <Text size="sm">
            <Text span hiddenFrom="sm" c="gray.7" size="sm">
              Type:{' '}
            </Text>
            {typeName}
          </Text>
        </Grid.Col>
        <Grid.Col span={columns.created}>
          <Text size="sm" title={dateTime(ticket.createdAt)}>
            <Text span hiddenFrom="sm" c="gray.7" size="sm">
              Created{' '}
            </Text>
            {timeAgo(ticket.createdAt, now)}
          </Text>
        </Grid.Col>
        <Grid.Col span={columns.sla}>
          {showSla ? (
            <SlaText sla={ticket.sla} now={now} />
          ) : (
            <Text size="sm" c="gray.7">
              —
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

/** Text colours with AA contrast on white. */
const toneColor: Record<SlaTone, string> = {
  ok: 'blue.8',
  warning: 'orange.9',
  breached: 'red.8',
  met: 'green.9',
  idle: 'gray.7',
};

function SlaText({ sla, now }: { sla: SlaSummary | null; now: number }) {
  const clock = slaClock(sla, now);
  if (!clock)
    return (
      <Text size="sm" c="gray.7">
        No SLA
      </Text>
    );
  return (
    <Text size="sm" fw={600} c={toneColor[clock.tone]} data-sla={clock.tone}>
      <Text span size="sm" c="gray.7" fw={400}>
        {clock.metric}:{' '}
      </Text>
      {clock.text}
    </Text>
  );
}

function EmptyFor({ tab }: { tab: RequestTab }) {
  if (tab === 'waiting')
    return (
      <EmptyState title="Nothing is waiting for you">Requests that need your answer show up here.</EmptyState>
    );
  if (tab === 'closed') return <EmptyState title="No closed requests yet" />;
  return (
    <EmptyState title="You have no open requests">
      <Anchor component={Link} to="/portal">
        Browse the catalog
      </Anchor>{' '}
      to ask for something.
    </EmptyState>
  );
}

function ListSkeleton() {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading your requests">
      {['a', 'b', 'c', 'd'].map((id) => (
        <Skeleton key={id} height={66} radius="md" />
      ))}
    </Stack>
  );
}
