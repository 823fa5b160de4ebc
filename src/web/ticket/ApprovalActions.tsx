// The approver's decision on the ticket page: approve, or decline with a reason.
import { Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../lib/api';
import { ActionError, useTicketAction } from './ticketActions';
import type { Ticket } from './types';

export function ApprovalActions({ ticket }: { ticket: Ticket }) {
  const [comment, setComment] = useState('');
  const decide = useTicketAction<'approve' | 'decline'>(ticket.key, (decision) =>
    api(`/api/v1/tickets/${ticket.key}/${decision}`, 'tickets.ticketOut', {
      body: { comment: comment.trim() || undefined },
    }),
  );
  return (
    <Paper withBorder p="md" bg="yellow.0" component="section" aria-labelledby="approval-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="approval-heading">
          Your approval is needed
        </Title>
        <Textarea
          label="Comment on your decision (optional)"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={1}
        />
        <Group gap="sm">
          <Button
            color="teal"
            onClick={() => decide.mutate('approve')}
            loading={decide.isPending && decide.variables === 'approve'}
            disabled={decide.isPending}
            aria-label={`Approve ${ticket.key}`}
          >
            Approve
          </Button>
          <Button
            variant="light"
            color="red"
            onClick={() => decide.mutate('decline')}
            loading={decide.isPending && decide.variables === 'decline'}
            disabled={decide.isPending}
            aria-label={`Decline ${ticket.key}`}
          >
            Decline
          </Button>
        </Group>
        <ActionError error={decide.error} />
      </Stack>
    </Paper>
  );
}
