// Incidents for agents: the open ones by default (live through SSE: query keys rooted at
// 'tickets'), counted by priority on top, each row with its priority, status, team and assignee.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';
import { IncidentReport } from './IncidentReport';
import { countByPriority, openIncidentStatuses, priorityColors } from './incidents';
import { PriorityBadge } from './PriorityBadge';

export default function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'all' ? 'all' : 'open';
  useEffect(() => {
    document.title = 'Incidents · Opsdesk';
  }, []);
  const list = useQuery({
    queryKey: ['tickets', 'incidents', show],
    queryFn: ({ signal }) =>
      api('/api/v1/tickets', 'tickets.ticketPageOut', {
        signal,
        query: {
          kind: 'incident',
          limit: 100,
          sort: 'created',
          ...(show === 'open' ? { status: openIncidentStatuses.join(',') } : {}),
        },
      }),
  });
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>Incidents</Title>
        <Group gap="xs">
          <Button component={Link} to="/problems" variant="subtle">
            Problems
          </Button>
          <Button component={Link} to="/incidents/new">
            New incident
          </Button>
        </Group>
      </Group>
      <SegmentedControl
        w="fit-content"
        value={show}
        onChange={(value) => setParams(value === 'all' ? { show: 'all' } : {}, { replace: true })}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'all', label: 'All' },
        ]}
        aria-label="Which incidents"
      />
      {show === 'open' && items.length > 0 ? (
        <Group gap="xs" aria-label="Open incidents by priority">
          {countByPriority(items).map(([priority, count]) => (
            <Badge
              key={priority}
              size="lg"
              variant={count ? 'light' : 'outline'}
              color={priorityColors[priority]}
            >
              {priority}: {count}
            </Badge>
          ))}
        </Group>
      ) : null}
      <IncidentReport />
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={show === 'open' ? 'No open incidents' : 'No incidents yet'}>
          All services are running as they should.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Priority</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Assignee</Table.Th>
                  <Table.Th>Opened</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.key}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tickets/${item.key}`} fw={600}>
                        {item.key}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{item.title}</Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={item.priority} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={item.status} />
                    </Table.Td>
                    <Table.Td>{item.team?.name ?? '—'}</Table.Td>
                    <Table.Td>{item.assignee?.displayName ?? <Text c="gray.7">Unassigned</Text>}</Table.Td>
                    <Table.Td title={dateTime(item.createdAt)}>{timeAgo(item.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
