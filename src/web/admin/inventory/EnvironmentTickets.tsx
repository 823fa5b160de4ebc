// The requests that concern an environment (their form names it: target, source, new name …),
// newest first, the latest few here and all of them in the workspace's search filtered to it.
import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { api, href } from '../../lib/api';
import { dateTime, timeAgo } from '../../lib/format';

const shown = 10;

export function EnvironmentTickets({ name }: { name: string }) {
  const tickets = useQuery({
    queryKey: ['tickets', 'environment', name],
    queryFn: ({ signal }) =>
      api('/api/v1/tickets', 'tickets.ticketPageOut', {
        signal,
        query: { environment: name, kind: 'request', sort: 'created', dir: 'desc', limit: shown },
      }),
  });
  const all = href('/agent', { environment: name, status: 'all', sort: 'created' });
  return (
    <Stack gap="xs" component="section" aria-labelledby="environment-tickets-heading">
      <Group justify="space-between">
        <Title order={2} size="h5" id="environment-tickets-heading">
          Tickets
        </Title>
        {tickets.data?.nextCursor ? (
          <Anchor component={Link} to={all} size="sm">
            See all tickets of {name}
          </Anchor>
        ) : null}
      </Group>
      {tickets.isError ? (
        <ErrorState error={tickets.error} onRetry={() => tickets.refetch()} />
      ) : tickets.isPending ? (
        <Text size="sm" c="gray.7">
          Loading…
        </Text>
      ) : tickets.data.items.length === 0 ? (
        <Text size="sm">No request names {name}.</Text>
      ) : (
        <Stack
          component="ul"
          gap={6}
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={`Tickets of ${name}`}
        >
          {tickets.data.items.map((ticket) => (
            <Group component="li" key={ticket.key} gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`/tickets/${ticket.key}`} size="sm" fw={600} ff="monospace">
                {ticket.key}
              </Anchor>
              <StatusBadge status={ticket.status} outcome={ticket.outcome} />
              <Text size="sm" c="gray.7" truncate style={{ flex: 1, minWidth: 0 }} title={ticket.title}>
                <span title={dateTime(ticket.createdAt)}>{timeAgo(ticket.createdAt)}</span> · {ticket.title}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
