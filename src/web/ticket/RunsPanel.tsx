// A ticket's fulfilment runs with their output lines (agents).
import { Badge, Box, Code, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../components/States';
import { api } from '../lib/api';
import { dateTime, statusLabel } from '../lib/format';
import { type FulfilmentRun, runsKey } from './types';

const runColor: Record<string, string> = {
  succeeded: 'teal',
  failed: 'red',
  running: 'blue',
  queued: 'gray',
  retrying: 'orange',
};

export function RunsPanel({ ticketKey: key }: { ticketKey: string }) {
  const runs = useQuery({
    queryKey: runsKey(key),
    queryFn: ({ signal }) =>
      api(`/api/v1/tickets/${encodeURIComponent(key)}/runs`, 'tickets.ticketRunsOut', { signal }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="runs-heading">
      <Title order={2} fz="lg" id="runs-heading" mb="sm">
        Fulfilment runs
      </Title>
      {runs.isPending ? (
        <Skeleton height={80} />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <Text fz="sm" c="gray.7">
          The automation has not run for this ticket yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {[...runs.data].reverse().map((run, index) => (
            <RunItem key={run.id} run={run} open={index === 0 && run.status === 'failed'} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

function RunItem({ run, open }: { run: FulfilmentRun; open: boolean }) {
  const log = run.output.map((line) => `${time(line.at)} ${line.level.padEnd(5)} ${line.line}`).join('\n');
  return (
    <Box data-run-status={run.status}>
      <Group gap={6} wrap="wrap">
        <Text fz="sm" fw={600}>
          #{run.number} {run.action}
          {run.environment ? ` on ${run.environment}` : ''}
        </Text>
        <Badge size="sm" variant="light" radius="sm" color={runColor[run.status] ?? 'gray'}>
          {statusLabel(run.status)}
        </Badge>
      </Group>
      <Text fz="xs" c="gray.7">
        {run.attempts} attempt{run.attempts === 1 ? '' : 's'} · started {dateTime(run.createdAt)}
        {run.finishedAt ? ` · finished ${time(run.finishedAt)}` : ''}
      </Text>
      {run.error ? (
        <Text fz="sm" c="red.8" mt={4} style={{ overflowWrap: 'anywhere' }}>
          {run.error}
        </Text>
      ) : null}
      <details open={open} style={{ marginTop: 4 }}>
        <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
          Output ({run.output.length} line{run.output.length === 1 ? '' : 's'})
        </summary>
        <Code
          block
          mt={4}
          fz="xs"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflowY: 'auto' }}
        >
          {log || 'No output.'}
          {run.result ? `\n\nresult: ${JSON.stringify(run.result, null, 2)}` : ''}
        </Code>
      </details>
    </Box>
  );
}
