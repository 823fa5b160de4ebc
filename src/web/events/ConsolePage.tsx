// The event console: alerts newest first, filtered by status, severity, service, CI, site and
// words (all in the URL), updated live; each row opens the alert, its incident, or acknowledges it.
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../lib/api';
import { EventNav } from './EventNav';
import { severityColour, statusColour, useAlertStream } from './live';

const statuses = ['firing', 'acknowledged', 'suppressed', 'maintenance', 'resolved'];
const severities = ['critical', 'major', 'minor', 'warning', 'info'];
const filterKeys = ['status', 'open', 'severity', 'service', 'ci', 'site', 'q', 'unbound'] as const;

export default function ConsolePage() {
  useAlertStream();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    filterKeys.map((key) => [key, params.get(key) ?? undefined]).filter(([, value]) => value),
  ) as Record<string, string>;
  if (!params.has('status') && !params.has('open')) filters.open = 'true';
  const alerts = useQuery({
    queryKey: ['alerts', filters],
    queryFn: ({ signal }) =>
      api('/api/v1/alerts', 'events.alertsOut', { query: { ...filters, limit: 200 }, signal }),
  });
  const client = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/alerts/${id}/acknowledge`, 'events.alertOut', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Event console</Title>
        <EventNav />
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Status"
          placeholder="Open"
          data={statuses}
          value={params.get('status')}
          onChange={(value) => set('status', value)}
          clearable
          w={160}
        />
        <Select
          label="Severity"
          data={severities}
          value={params.get('severity')}
          onChange={(value) => set('severity', value)}
          clearable
          w={140}
        />
        <TextInput
          label="Service"
          defaultValue={params.get('service') ?? ''}
          onBlur={(event) => set('service', event.currentTarget.value.trim() || null)}
          w={160}
        />
        <TextInput
          label="CI"
          defaultValue={params.get('ci') ?? ''}
          onBlur={(event) => set('ci', event.currentTarget.value.trim() || null)}
          w={160}
        />
        <TextInput
          label="Site"
          defaultValue={params.get('site') ?? ''}
          onBlur={(event) => set('site', event.currentTarget.value.trim() || null)}
          w={140}
        />
        <TextInput
          label="Words"
          defaultValue={params.get('q') ?? ''}
          onBlur={(event) => set('q', event.currentTarget.value.trim() || null)}
          w={180}
        />
      </Group>
      {alerts.error ? <Text c="red.8">{(alerts.error as Error).message}</Text> : null}
      <Table striped highlightOnHover aria-label="Alerts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Alert</Table.Th>
            <Table.Th>CI</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Seen</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Incident</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(alerts.data ?? []).map((alert) => (
            <Table.Tr key={alert.id}>
              <Table.Td>
                <Badge color={severityColour[alert.severity]}>{alert.severity}</Badge>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/events/alerts/${alert.id}`}>
                  {alert.summary}
                </Anchor>
                {alert.flapping ? (
                  <Badge ml="xs" variant="outline" color="grape">
                    flapping
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>{alert.ci?.name ?? <Text c="gray.7">unbound</Text>}</Table.Td>
              <Table.Td>{alert.service?.name ?? '—'}</Table.Td>
              <Table.Td>{alert.site?.name ?? '—'}</Table.Td>
              <Table.Td>
                {alert.occurrences}× · {new Date(alert.lastSeenAt).toLocaleString()}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={statusColour[alert.status]}>
                  {alert.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                {alert.incident ? (
                  <Anchor component={Link} to={`/tickets/${alert.incident}`}>
                    {alert.incident}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                {alert.status === 'firing' ? (
                  <Button size="xs" variant="light" onClick={() => acknowledge.mutate(alert.id)}>
                    Acknowledge
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {alerts.data?.length === 0 ? <Text c="gray.7">No alerts match.</Text> : null}
    </Stack>
  );
}
