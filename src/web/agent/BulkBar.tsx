// Bulk actions on the rows selected in the queue table: assign (to me, or nobody), fire a
// transition, comment — POST /api/v1/tickets/bulk, which acts on each ticket on its own and says
// which ones failed (a guard, a transition their status does not have); the others are done.
import { Alert, Button, Group, List, Paper, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../lib/api';

const transitions = [
  { value: 'start', label: 'Start work' },
  { value: 'retry', label: 'Retry' },
  { value: 'resolve', label: 'Resolve' },
  { value: 'hold', label: 'Put on hold' },
  { value: 'cancel', label: 'Cancel' },
];

type BulkBody = { assignee?: string | null; transition?: string; comment?: { body: string } };

export function BulkBar({ keys, onDone }: { keys: string[]; onDone: () => void }) {
  const client = useQueryClient();
  const [transition, setTransition] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const bulk = useMutation({
    mutationFn: (body: BulkBody) =>
      api('/api/v1/tickets/bulk', 'tickets.bulkActionOut', { body: { keys, ...body } }),
    onSuccess: (result) => {
      if (result.failed === 0) onDone();
      setComment('');
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });
  const withComment = () => (comment.trim() ? { comment: { body: comment.trim() } } : {});
  return (
    <Paper withBorder p="xs" role="region" aria-label="Bulk actions">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Text size="sm" fw={600}>
          {keys.length} selected
        </Text>
        <Button
          size="xs"
          onClick={() => bulk.mutate({ assignee: 'me', ...withComment() })}
          loading={bulk.isPending}
        >
          Assign to me
        </Button>
        <Button size="xs" variant="default" onClick={() => bulk.mutate({ assignee: null })}>
          Unassign
        </Button>
        <Select
          size="xs"
          aria-label="Transition"
          placeholder="Transition…"
          data={transitions}
          value={transition}
          onChange={setTransition}
          w={150}
        />
        <TextInput
          size="xs"
          aria-label="Comment"
          placeholder="Comment (optional)"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          w={220}
        />
        <Button
          size="xs"
          variant="light"
          disabled={!transition && !comment.trim()}
          onClick={() => bulk.mutate(transition ? { transition, ...withComment() } : withComment())}
        >
          {transition ? 'Apply transition' : 'Comment'}
        </Button>
        <Button size="xs" variant="subtle" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
      {bulk.data ? (
        <Alert
          mt="xs"
          color={bulk.data.failed ? 'orange' : 'green'}
          title={`${bulk.data.succeeded} done${bulk.data.failed ? `, ${bulk.data.failed} not` : ''}`}
          role="status"
        >
          {bulk.data.failed ? (
            <List size="sm">
              {bulk.data.results
                .filter((result) => !result.ok)
                .map((result) => (
                  <List.Item key={result.key}>
                    {result.key}: {result.error?.message}
                  </List.Item>
                ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      {bulk.error ? (
        <Text size="sm" c="red.8" role="alert">
          {bulk.error.message}
        </Text>
      ) : null}
    </Paper>
  );
}
