// The requester's answer to a fulfilled request: it works (confirm) or it does not (a comment that
// sends it back to the agents).
import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { CancelButton } from './AgentActions';
import { ActionError, descriptionStyles, useTicketAction } from './ticketActions';
import type { Ticket } from './types';

export function RequesterActions({ ticket }: { ticket: Ticket }) {
  const [reporting, setReporting] = useState(false);
  const [problem, setProblem] = useState('');
  const confirm = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/tickets/${ticket.key}/transitions`, 'tickets.ticketOut', { body: { name: 'confirm' } }),
  );
  const report = useTicketAction<string>(ticket.key, (body) =>
    api(`/api/v1/tickets/${ticket.key}/comments`, 'tickets.ticketOut', { body: { body, reopen: true } }),
  );
  const canCancel = ticket.availableTransitions.some((t) => t.name === 'cancel');

  if (ticket.status !== 'waiting_for_customer') {
    return canCancel ? (
      <Group justify="flex-end">
        <CancelButton ticket={ticket} />
      </Group>
    ) : null;
  }

  const sendProblem = (event: FormEvent) => {
    event.preventDefault();
    if (!problem.trim()) return;
    report.mutate(problem.trim(), {
      onSuccess: () => {
        setProblem('');
        setReporting(false);
      },
    });
  };

  return (
    <Paper withBorder p="md" bg="teal.0" component="section" aria-labelledby="confirm-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="confirm-heading">
          Does it work now?
        </Title>
        <Text fz="sm">The team has finished your request. Check it and tell them whether it works.</Text>
        <Group gap="sm">
          <Button
            color="teal"
            onClick={() => confirm.mutate()}
            loading={confirm.isPending}
            disabled={report.isPending}
          >
            It works
          </Button>
          <Button
            variant="light"
            color="red"
            onClick={() => setReporting(true)}
            disabled={confirm.isPending}
            aria-expanded={reporting}
            aria-controls="problem-form"
          >
            It does not work
          </Button>
          {canCancel ? <CancelButton ticket={ticket} /> : null}
        </Group>
        {reporting ? (
          <form id="problem-form" onSubmit={sendProblem}>
            <Stack gap="xs">
              <Textarea
                label="What does not work?"
                styles={descriptionStyles}
                description="Your words go to the team and the ticket goes back to them."
                value={problem}
                onChange={(event) => setProblem(event.currentTarget.value)}
                autosize
                minRows={3}
                required
                data-autofocus
                autoFocus
              />
              <Group gap="xs">
                <Button type="submit" color="red" loading={report.isPending} disabled={!problem.trim()}>
                  Send to the team
                </Button>
                <Button variant="subtle" onClick={() => setReporting(false)}>
                  Never mind
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        <ActionError error={confirm.error ?? report.error} />
      </Stack>
    </Paper>
  );
}
