// One alert: what it says, where it is bound, its incident and probable root cause, its labels,
// and every delivery as the sender wrote it. Acknowledge, silence alerts like it for an hour.
import { Anchor, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../lib/api';
import { severityColour, statusColour, useAlertStream } from './live';

export default function AlertPage() {
  useAlertStream();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const alert = useQuery({
    queryKey: ['alerts', 'one', id],
    queryFn: ({ signal }) => api(`/api/v1/alerts/${id}`, 'events.alertDetailOut', { signal }),
  });
  const done = () => client.invalidateQueries({ queryKey: ['alerts'] });
  const acknowledge = useMutation({
    mutationFn: () =>
      api(`/api/v1/alerts/${id}/acknowledge`, 'events.alertOut', { method: 'POST', body: {} }),
    onSuccess: done,
  });
  const silence = useMutation({
    mutationFn: () =>
      api('/api/v1/silences', 'events.silenceOut', {
        method: 'POST',
        body: {
          alert: id,
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          comment: 'Silenced from the event console for an hour',
        },
      }),
    onSuccess: done,
  });
  if (alert.error) return <Text c="red.8">{(alert.error as Error).message}</Text>;
  const data = alert.data;
  if (!data) return <Text c="gray.7">Loading…</Text>;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/events">
        ← Event console
      </Anchor>
      <Group gap="sm">
        <Badge color={severityColour[data.severity]}>{data.severity}</Badge>
        <Badge variant="light" color={statusColour[data.status]}>
          {data.status}
        </Badge>
        {data.flapping ? <Badge color="grape">flapping</Badge> : null}
      </Group>
      <Title order={1}>{data.summary}</Title>
      {data.description ? <Text style={{ whiteSpace: 'pre-wrap' }}>{data.description}</Text> : null}
      <Group gap="sm">
        {data.status === 'firing' ? (
          <Button onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>
            Acknowledge
          </Button>
        ) : null}
        {data.status !== 'resolved' ? (
          <Button variant="light" onClick={() => silence.mutate()} loading={silence.isPending}>
            Silence alerts like this for 1 hour
          </Button>
        ) : null}
      </Group>
      <Table aria-label="Where the alert is">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>From</Table.Th>
            <Table.Td>
              {data.integration.name} ({data.integration.kind}), fingerprint <Code>{data.fingerprint}</Code>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>CI · service · site</Table.Th>
            <Table.Td>
              {data.ci?.name ?? 'unbound'} · {data.service?.name ?? '—'} · {data.site?.name ?? '—'}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Incident</Table.Th>
            <Table.Td>
              {data.incident ? (
                <Anchor component={Link} to={`/tickets/${data.incident}`}>
                  {data.incident}
                </Anchor>
              ) : (
                '—'
              )}
              {data.rootCause
                ? ` · probable root cause: ${data.rootCause.name} (${data.rootCause.class})`
                : ''}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Seen</Table.Th>
            <Table.Td>
              {data.occurrences}× from {new Date(data.firstSeenAt).toLocaleString()} to{' '}
              {new Date(data.lastSeenAt).toLocaleString()}
              {data.suppressedBy ? ` · held by ${data.suppressedBy}` : ''}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Labels</Table.Th>
            <Table.Td>
              <Group gap={4}>
                {Object.entries(data.labels).map(([label, value]) => (
                  <Badge key={label} variant="outline" color="gray" tt="none">
                    {label}={value}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Title order={2}>Deliveries</Title>
      {data.history.map((entry) => (
        <Stack key={entry.id} gap={4}>
          <Text size="sm" fw={600}>
            {new Date(entry.at).toLocaleString()} · {entry.status}
          </Text>
          <Code block>{JSON.stringify(entry.payload, null, 2)}</Code>
        </Stack>
      ))}
    </Stack>
  );
}
