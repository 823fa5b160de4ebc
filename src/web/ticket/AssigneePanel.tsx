// Who works on the ticket: its assignee, "Take it" (key t) and "Assign to" one of its team's agents,
// or nobody. The server decides who may (agents of the ticket's team) and says why it refuses.
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type RefObject, useEffect } from 'react';
import { api } from '../lib/api';
import type { Me } from '../lib/auth';
import { ActionError, useTicketAction } from './ticketActions';
import type { Ticket } from './types';

const unassigned = '__none__';

export function AssigneePanel({
  ticket,
  me,
  takeRef,
}: {
  ticket: Ticket;
  me: Me | undefined;
  /** The page's "t" key calls this. */
  takeRef: RefObject<() => void>;
}) {
  const teams = useQuery({
    queryKey: ['agent', 'teams'],
    queryFn: () => api('/api/v1/teams', 'identity.teamListOut'),
    staleTime: 60_000,
  });
  const assign = useTicketAction<string | null>(ticket.key, (assignee) =>
    api(`/api/v1/tickets/${ticket.key}`, 'tickets.ticketOut', { method: 'PATCH', body: { assignee } }),
  );
  const mine = ticket.assignee?.id === me?.id;
  const done = ticket.status === 'closed' || ticket.status === 'cancelled';
  useEffect(() => {
    takeRef.current = () => {
      if (!mine && !done && !assign.isPending) assign.mutate('me');
    };
  }, [takeRef, mine, done, assign]);

  const members = teams.data?.find((team) => team.key === ticket.team?.key)?.members ?? [];
  const options = [
    { value: unassigned, label: 'Nobody (unassigned)' },
    ...members
      .filter((member) => member.userId)
      .map((member) => ({ value: member.userId!, label: member.displayName })),
  ];
  if (ticket.assignee && !options.some((option) => option.value === ticket.assignee!.id))
    options.push({ value: ticket.assignee.id, label: ticket.assignee.displayName });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="assignee-heading">
      <Stack gap="xs">
        <Title order={2} fz="lg" id="assignee-heading">
          Assignee
        </Title>
        <Text fz="sm" data-testid="assignee">
          {ticket.assignee ? ticket.assignee.displayName : 'Unassigned'}
          {mine ? ' (you)' : ''}
        </Text>
        {done ? null : (
          <Group gap="xs" align="flex-end" wrap="wrap">
            {mine ? null : (
              <Button
                size="xs"
                onClick={() => assign.mutate('me')}
                loading={assign.isPending}
                aria-keyshortcuts="t"
              >
                Take it
              </Button>
            )}
            <Select
              size="xs"
              label="Assign to"
              data={options}
              value={ticket.assignee?.id ?? unassigned}
              allowDeselect={false}
              onChange={(value) => {
                if (!value || value === (ticket.assignee?.id ?? unassigned)) return;
                assign.mutate(value === unassigned ? null : value);
              }}
              disabled={assign.isPending}
              style={{ flex: 1, minWidth: 160 }}
            />
          </Group>
        )}
        <ActionError error={assign.error} />
      </Stack>
    </Paper>
  );
}
