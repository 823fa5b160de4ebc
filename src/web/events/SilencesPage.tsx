// Silences and maintenance windows: alerts they cover are recorded but open no incident. A silence
// matches labels (label=value, or label=~regex) or a CI, for some hours; a maintenance window
// covers CIs (and, by choice, what depends on them) from a start to an end.
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOf, SaveError } from '../admin/kit';
import { RowAction } from '../components/RowAction';
import { api } from '../lib/api';
import { EventNav } from './EventNav';

/** `alertname=NodeDown, instance=~db-.*` → matchers. */
function parseMatchers(text: string) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const regex = part.includes('=~');
      const [label, ...rest] = part.split(regex ? '=~' : '=');
      return { label: (label ?? '').trim(), value: rest.join(regex ? '=~' : '=').trim(), regex };
    });
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

export default function SilencesPage() {
  const client = useQueryClient();
  const silences = useQuery({
    queryKey: ['silences'],
    queryFn: ({ signal }) => api('/api/v1/silences', 'events.silencesOut', { signal }),
  });
  const windows = useQuery({
    queryKey: ['maintenance-windows'],
    queryFn: ({ signal }) => api('/api/v1/maintenance-windows', 'events.maintenancesOut', { signal }),
  });
  const [silence, setSilence] = useState({ matchers: '', ci: '', hours: 2 as number | string, comment: '' });
  const createSilence = useMutation({
    mutationFn: () =>
      api('/api/v1/silences', 'events.silenceOut', {
        method: 'POST',
        body: {
          matchers: parseMatchers(silence.matchers),
          ...(silence.ci.trim() ? { ci: silence.ci.trim() } : {}),
          endsAt: hoursFromNow(Number(silence.hours) || 1),
          comment: silence.comment.trim(),
        },
      }),
    onSuccess: () => {
      setSilence({ matchers: '', ci: '', hours: 2, comment: '' });
      void client.invalidateQueries({ queryKey: ['silences'] });
    },
  });
  const expire = useMutation({
    mutationFn: (id: string) => api(`/api/v1/silences/${id}`, 'common.noContent', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['silences'] }),
  });
  const silenceErrors = fieldErrorsOf(createSilence.error);

  const [maintenance, setMaintenance] = useState({
    name: '',
    cis: '',
    startsIn: 0 as number | string,
    hours: 2 as number | string,
    includeDependents: true,
    comment: '',
  });
  const createMaintenance = useMutation({
    mutationFn: () => {
      const start = Number(maintenance.startsIn) || 0;
      return api('/api/v1/maintenance-windows', 'events.maintenanceOut', {
        method: 'POST',
        body: {
          name: maintenance.name.trim(),
          cis: maintenance.cis
            .split(',')
            .map((ci) => ci.trim())
            .filter(Boolean),
          includeDependents: maintenance.includeDependents,
          startsAt: hoursFromNow(start),
          endsAt: hoursFromNow(start + (Number(maintenance.hours) || 1)),
          ...(maintenance.comment.trim() ? { comment: maintenance.comment.trim() } : {}),
        },
      });
    },
    onSuccess: () => {
      setMaintenance({ name: '', cis: '', startsIn: 0, hours: 2, includeDependents: true, comment: '' });
      void client.invalidateQueries({ queryKey: ['maintenance-windows'] });
    },
  });
  const maintenanceErrors = fieldErrorsOf(createMaintenance.error);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Silences and maintenance</Title>
        <EventNav />
      </Group>
      <Text c="gray.7">
        Alerts covered here are recorded (suppressed or maintenance) but open no incident.
      </Text>

      <Stack gap="sm">
        <Title order={2} size="h3">
          Silences
        </Title>
        <form
          aria-label="New silence"
          onSubmit={(event) => {
            event.preventDefault();
            createSilence.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Matchers"
              description="label=value, label=~regex; comma-separated"
              placeholder="alertname=NodeDown, instance=~db-.*"
              value={silence.matchers}
              error={silenceErrors.matchers}
              onChange={(event) => setSilence({ ...silence, matchers: event.currentTarget.value })}
              w={300}
            />
            <TextInput
              label="or CI"
              description="its alerts, whatever their labels"
              value={silence.ci}
              error={silenceErrors.ci}
              onChange={(event) => setSilence({ ...silence, ci: event.currentTarget.value })}
              w={180}
            />
            <NumberInput
              label="For (hours)"
              min={1}
              max={720}
              value={silence.hours}
              onChange={(value) => setSilence({ ...silence, hours: value })}
              w={120}
            />
            <TextInput
              label="Why"
              required
              value={silence.comment}
              error={silenceErrors.comment}
              onChange={(event) => setSilence({ ...silence, comment: event.currentTarget.value })}
              w={260}
            />
            <Button type="submit" loading={createSilence.isPending}>
              Silence
            </Button>
          </Group>
        </form>
        <SaveError error={createSilence.error ?? expire.error} />
        <Table striped aria-label="Silences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Matches</Table.Th>
              <Table.Th>Until</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(silences.data ?? []).map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {[
                      ...row.matchers.map((m) => `${m.label}${m.regex ? '=~' : '='}${m.value}`),
                      ...(row.ci ? [`CI ${row.ci.name}`] : []),
                    ].join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {new Date(row.endsAt).toLocaleString()}{' '}
                  {row.active ? <Badge variant="light">active</Badge> : <Badge color="gray">ended</Badge>}
                </Table.Td>
                <Table.Td>{row.comment}</Table.Td>
                <Table.Td>{row.createdBy}</Table.Td>
                <Table.Td>
                  {row.active ? (
                    <RowAction
                      label="End now"
                      what={`silence ${row.comment}`}
                      onClick={() => expire.mutate(row.id)}
                    />
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {silences.data?.length === 0 ? <Text c="gray.7">No silences.</Text> : null}
      </Stack>

      <Stack gap="sm">
        <Title order={2} size="h3">
          Maintenance windows
        </Title>
        <form
          aria-label="New maintenance window"
          onSubmit={(event) => {
            event.preventDefault();
            createMaintenance.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Maintenance name"
              required
              value={maintenance.name}
              error={maintenanceErrors.name}
              onChange={(event) => setMaintenance({ ...maintenance, name: event.currentTarget.value })}
              w={220}
            />
            <TextInput
              label="CIs"
              description="names, comma-separated"
              required
              value={maintenance.cis}
              error={maintenanceErrors.cis ?? maintenanceErrors['cis.0']}
              onChange={(event) => setMaintenance({ ...maintenance, cis: event.currentTarget.value })}
              w={220}
            />
            <NumberInput
              label="Starts in (hours)"
              min={0}
              max={8760}
              value={maintenance.startsIn}
              onChange={(value) => setMaintenance({ ...maintenance, startsIn: value })}
              w={130}
            />
            <NumberInput
              label="Lasts (hours)"
              min={1}
              max={720}
              value={maintenance.hours}
              onChange={(value) => setMaintenance({ ...maintenance, hours: value })}
              w={120}
            />
            <Checkbox
              label="And what depends on them"
              checked={maintenance.includeDependents}
              onChange={(event) =>
                setMaintenance({ ...maintenance, includeDependents: event.currentTarget.checked })
              }
              mb={8}
            />
            <Button type="submit" loading={createMaintenance.isPending}>
              Declare maintenance
            </Button>
          </Group>
        </form>
        <SaveError error={createMaintenance.error} />
        <Table striped aria-label="Maintenance windows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>CIs</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(windows.data ?? []).map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td>
                  {row.cis.map((ci) => ci.name).join(', ')}
                  {row.includeDependents ? ' and dependents' : ''}
                </Table.Td>
                <Table.Td>{new Date(row.startsAt).toLocaleString()}</Table.Td>
                <Table.Td>{new Date(row.endsAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  {row.active ? <Badge variant="light">active</Badge> : <Badge color="gray">not now</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {windows.data?.length === 0 ? <Text c="gray.7">No maintenance windows.</Text> : null}
      </Stack>
    </Stack>
  );
}
