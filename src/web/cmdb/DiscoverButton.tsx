// "Discover now" (admins): reconciles the CMDB with what the providers see and says what changed.
import { Button, Popover, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../admin/kit';
import { api } from '../lib/api';
import { cmdbKey } from './queries';

export function DiscoverButton() {
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: () => api('/api/v1/cmdb/discovery', 'cmdb.discoveryRunOut', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: cmdbKey }),
  });
  return (
    <Popover
      opened={Boolean(run.data || run.error)}
      onChange={() => run.reset()}
      width={340}
      position="bottom-end"
    >
      <Popover.Target>
        <Button variant="default" loading={run.isPending} onClick={() => run.mutate()}>
          Discover now
        </Button>
      </Popover.Target>
      <Popover.Dropdown role="status">
        {run.error ? (
          <Text size="sm" c="red.8">
            {errorText(run.error)}
          </Text>
        ) : null}
        {run.data?.length === 0 ? (
          <Text size="sm">No connection discovers CIs (add an AWS connection).</Text>
        ) : null}
        <Stack gap={4}>
          {run.data?.map((result) => (
            <Text key={result.connection} size="sm">
              {result.connection}: {result.discovered} seen, {result.created} new, {result.updated} changed,{' '}
              {result.retired} retired
              {result.problems.length
                ? `, ${result.problems.length} refused (${result.problems[0]!.message})`
                : ''}
              .
            </Text>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
