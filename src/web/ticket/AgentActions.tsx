// The agent's actions on a ticket (retry, resolve with a message, …) and cancelling with a reason.
import { Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { api } from '../lib/api';
import { ActionError, descriptionStyles, useTicketAction } from './ticketActions';
import type { Ticket } from './types';

export function AgentActions({
  ticket,
  retryRef,
}: {
  ticket: Ticket;
  retryRef: React.MutableRefObject<() => void>;
}) {
  const [note, setNote] = useState('');
  const names = new Set(ticket.availableTransitions.map((t) => t.name));
  const transition = useTicketAction<{ name: string; comment?: string }>(ticket.key, (body) =>
    api(`/api/v1/tickets/${ticket.key}/transitions`, 'tickets.ticketOut', { body }),
  );
  const run = (name: string) =>
    transition.mutate({ name, comment: note.trim() || undefined }, { onSuccess: () => setNote('') });
  const canRetry = names.has('retry');
  const canResolve = names.has('resolve');
  retryRef.current = () => {
    if (canRetry && !transition.isPending) run('retry');
  };
  // Transitions with their own buttons elsewhere (the requester's) are left out.
  const others = ticket.availableTransitions.filter(
    (t) => !['retry', 'resolve', 'cancel', 'confirm', 'report_problem'].includes(t.name),
  );

  // "Need further support" follows a failed automation run, or (manual workflows, delivered
  // requests) a requester's "it does not work" or an agent taking it back: say which.
  const lastRun = ticket.runs.reduce<Ticket['runs'][number] | undefined>(
    (latest, run) => (latest && latest.number > run.number ? latest : run),
    undefined,
  );
  const automationFailed = lastRun !== undefined && lastRun.status === 'failed';
  const why = automationFailed
    ? 'The automation could not finish this request.'
    : 'This request needs the team’s attention again.';
  if (!canRetry && !canResolve && others.length === 0) {
    const stuck = ticket.status === 'need_further_support';
    return (
      <Group justify="space-between" wrap="wrap" gap="xs">
        {stuck ? (
          <Text fz="sm" c="gray.7">
            {why} {ticket.team ? `Only members of ${ticket.team.name} can retry or resolve it.` : ''}
          </Text>
        ) : (
          <span />
        )}
        {names.has('cancel') ? <CancelButton ticket={ticket} /> : null}
      </Group>
    );
  }

  return (
    <Paper
      withBorder
      p="md"
      bg={ticket.status === 'need_further_support' ? 'red.0' : undefined}
      component="section"
      aria-labelledby="agent-actions-heading"
    >
      <Stack gap="sm">
        <Title order={2} fz="lg" id="agent-actions-heading">
          {ticket.status === 'need_further_support' ? 'Needs further support' : 'Actions'}
        </Title>
        {ticket.status === 'need_further_support' ? (
          <Text fz="sm">
            {automationFailed
              ? 'The automation could not finish. Retry it (after fixing the cause) or do it by hand and resolve.'
              : 'The requester says it does not work yet, or it was taken back: work on it again, then resolve it.'}
          </Text>
        ) : null}
        <Textarea
          label="Note with the action (optional)"
          styles={descriptionStyles}
          description="Posted on the ticket with the retry or resolution; the requester sees it."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group gap="sm">
          {canRetry ? (
            <Button
              onClick={() => run('retry')}
              loading={transition.isPending && transition.variables?.name === 'retry'}
              disabled={transition.isPending}
              aria-keyshortcuts="r"
            >
              Retry
            </Button>
          ) : null}
          {canResolve ? (
            <Button
              variant="light"
              color="teal"
              onClick={() => run('resolve')}
              loading={transition.isPending && transition.variables?.name === 'resolve'}
              disabled={transition.isPending}
            >
              Resolve
            </Button>
          ) : null}
          {others.map((t) => (
            <Button
              key={t.name}
              variant="default"
              onClick={() => run(t.name)}
              disabled={transition.isPending || (t.requiresComment && !note.trim())}
            >
              {t.label}
            </Button>
          ))}
          {names.has('cancel') ? <CancelButton ticket={ticket} /> : null}
        </Group>
        <ActionError error={transition.error} />
      </Stack>
    </Paper>
  );
}

export function CancelButton({ ticket }: { ticket: Ticket }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const cancel = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/tickets/${ticket.key}/transitions`, 'tickets.ticketOut', {
      body: { name: 'cancel', comment: reason.trim() || undefined },
    }),
  );
  return (
    <>
      <Button variant="subtle" color="red" onClick={open}>
        Cancel {ticket.kind}
      </Button>
      <Modal opened={opened} onClose={close} title={`Cancel ${ticket.key}?`}>
        <Stack gap="sm">
          <Text fz="sm">The request stops here; nothing more is done for it.</Text>
          <Textarea
            label="Why (optional)"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <ActionError error={cancel.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(undefined, { onSuccess: close })}
            >
              Cancel the request
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
