// The queues: predefined ones and the agent's saved searches; links on a wide screen, a select on
// a phone. A saved queue can be deleted.
import { Box, CloseButton, Group, NavLink, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { type Queue, savedSearchesKey } from './filters';

export function QueueNav({
  queues,
  savedQueues,
  activeQueue,
  linkOf,
  onPick,
}: {
  queues: Queue[];
  savedQueues: Queue[];
  activeQueue: Queue | undefined;
  linkOf: (queue: Queue) => string;
  onPick: (queue: Queue) => void;
}) {
  const allQueues = [...queues, ...savedQueues];
  return (
    <>
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
            if (queue) onPick(queue);
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
            to={linkOf(queue)}
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
            to={linkOf(queue)}
            active={activeQueue?.id === queue.id}
          />
        ))}
      </Stack>
    </>
  );
}

function SavedQueueLink({ queue, to, active }: { queue: Queue; to: string; active: boolean }) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      api(`/api/v1/notifications/saved-searches/${queue.savedId}`, 'common.noContent', { method: 'DELETE' }),
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
