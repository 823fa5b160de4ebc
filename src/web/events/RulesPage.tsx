// Event rules (admins): binding rules (which label names the CI or service), with the open alerts
// bound to no CI and "Bind with a new rule" prefilled from one of them; and action rules (which
// alerts open incidents, the storm window, what happens when all alerts resolve).
import {
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { severities } from '../../shared/api/events';
import { fieldErrorsOf, Saved, SaveError } from '../admin/kit';
import { RowAction } from '../components/RowAction';
import { api } from '../lib/api';
import { EventNav } from './EventNav';

const emptyBinding = {
  name: '',
  label: 'instance',
  pattern: '',
  target: 'ci',
  class: '',
  by: 'name',
  stripPort: true,
};

export default function RulesPage() {
  const client = useQueryClient();
  const bindingRules = useQuery({
    queryKey: ['alert-binding-rules'],
    queryFn: ({ signal }) => api('/api/v1/alert-binding-rules', 'events.bindingRulesOut', { signal }),
  });
  const actionRules = useQuery({
    queryKey: ['alert-rules'],
    queryFn: ({ signal }) => api('/api/v1/alert-rules', 'events.actionRulesOut', { signal }),
  });
  const unbound = useQuery({
    queryKey: ['alerts', { unbound: 'true', open: 'true' }],
    queryFn: ({ signal }) =>
      api('/api/v1/alerts', 'events.alertsOut', {
        query: { unbound: 'true', open: 'true', limit: 50 },
        signal,
      }),
  });
  const [binding, setBinding] = useState(emptyBinding);
  const [applied, setApplied] = useState<string | null>(null);
  const createBinding = useMutation({
    mutationFn: () =>
      api('/api/v1/alert-binding-rules', 'events.bindingRuleOut', {
        method: 'POST',
        body: {
          name: binding.name.trim(),
          label: binding.label.trim(),
          ...(binding.pattern.trim() ? { pattern: binding.pattern.trim() } : {}),
          target: binding.target,
          ...(binding.class.trim() ? { class: binding.class.trim() } : {}),
          by: binding.by,
          stripPort: binding.stripPort,
        },
      }),
    onSuccess: async () => {
      setBinding(emptyBinding);
      const result = await api('/api/v1/alert-binding-rules/apply', 'events.rebindOut', {
        method: 'POST',
        body: {},
      });
      setApplied(`Rule added. ${result.bound} alert(s) bound now, ${result.stillUnbound} still unbound.`);
      void client.invalidateQueries({ queryKey: ['alert-binding-rules'] });
      void client.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  const deleteBinding = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/alert-binding-rules/${id}`, 'common.noContent', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alert-binding-rules'] }),
  });
  const bindingErrors = fieldErrorsOf(createBinding.error);

  const [action, setAction] = useState({
    name: '',
    severities: [] as string[],
    action: 'open_incident',
    windowMinutes: 30 as number | string,
    onAllResolved: 'resolve',
  });
  const createAction = useMutation({
    mutationFn: () =>
      api('/api/v1/alert-rules', 'events.actionRuleOut', {
        method: 'POST',
        body: {
          name: action.name.trim(),
          ...(action.severities.length ? { severities: action.severities } : {}),
          action: action.action,
          windowMinutes: Number(action.windowMinutes),
          onAllResolved: action.onAllResolved,
        },
      }),
    onSuccess: () => {
      setAction({ ...action, name: '', severities: [] });
      void client.invalidateQueries({ queryKey: ['alert-rules'] });
    },
  });
  const deleteAction = useMutation({
    mutationFn: (id: string) => api(`/api/v1/alert-rules/${id}`, 'common.noContent', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alert-rules'] }),
  });
  const actionErrors = fieldErrorsOf(createAction.error);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Event rules</Title>
        <EventNav />
      </Group>

      <Stack gap="sm">
        <Title order={2} size="h3">
          Unbound alerts
        </Title>
        <Text c="gray.7" size="sm">
          Open alerts that no rule bound to a CI. Bind one with a new rule: the form below is filled from its
          labels.
        </Text>
        <Table striped aria-label="Unbound alerts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Alert</Table.Th>
              <Table.Th>Labels</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(unbound.data ?? []).map((alert) => (
              <Table.Tr key={alert.id}>
                <Table.Td>{alert.summary}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {Object.entries(alert.labels)
                      .map(([key, value]) => `${key}=${value}`)
                      .join(' ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`Bind with a new rule: ${alert.summary}`}
                    onClick={() => {
                      const label =
                        ['instance', 'host', 'ci', 'service'].find((name) => alert.labels[name]) ??
                        Object.keys(alert.labels)[0] ??
                        'instance';
                      setBinding({ ...emptyBinding, name: `Bind by ${label}`, label });
                      document.getElementById('binding-rule-name')?.focus();
                    }}
                  >
                    Bind with a new rule
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {unbound.data?.length === 0 ? <Text c="gray.7">Every open alert is bound to a CI.</Text> : null}
      </Stack>

      <Stack gap="sm">
        <Title order={2} size="h3">
          Binding rules
        </Title>
        <Text c="gray.7" size="sm">
          In order; after them, the labels instance, host, ci and service are looked up by CI name or external
          id.
        </Text>
        <Table striped aria-label="Binding rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Label</Table.Th>
              <Table.Th>Pattern</Table.Th>
              <Table.Th>Finds</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(bindingRules.data ?? []).map((rule) => (
              <Table.Tr key={rule.id}>
                <Table.Td>{rule.name}</Table.Td>
                <Table.Td>{rule.label}</Table.Td>
                <Table.Td>{rule.pattern ?? '—'}</Table.Td>
                <Table.Td>
                  {rule.target} by {rule.by}
                  {rule.class ? ` (${rule.class})` : ''}
                </Table.Td>
                <Table.Td>
                  <RowAction
                    label="Delete"
                    what={`binding rule ${rule.name}`}
                    onClick={() => deleteBinding.mutate(rule.id)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form
          aria-label="New binding rule"
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(null);
            createBinding.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              id="binding-rule-name"
              label="Rule name"
              required
              value={binding.name}
              error={bindingErrors.name}
              onChange={(event) => setBinding({ ...binding, name: event.currentTarget.value })}
              w={200}
            />
            <TextInput
              label="Label"
              required
              value={binding.label}
              error={bindingErrors.label}
              onChange={(event) => setBinding({ ...binding, label: event.currentTarget.value })}
              w={140}
            />
            <TextInput
              label="Pattern (regular expression)"
              placeholder="^(.*)\.example\.com$"
              value={binding.pattern}
              error={bindingErrors.pattern}
              onChange={(event) => setBinding({ ...binding, pattern: event.currentTarget.value })}
              w={220}
            />
            <Select
              label="Finds"
              data={[
                { value: 'ci', label: 'a CI' },
                { value: 'service', label: 'a service' },
              ]}
              value={binding.target}
              onChange={(value) => setBinding({ ...binding, target: value ?? 'ci' })}
              allowDeselect={false}
              w={120}
            />
            <Select
              label="By"
              data={[
                { value: 'name', label: 'name' },
                { value: 'external_id', label: 'external id' },
              ]}
              value={binding.by}
              onChange={(value) => setBinding({ ...binding, by: value ?? 'name' })}
              allowDeselect={false}
              w={130}
            />
            <TextInput
              label="CI class"
              placeholder="any"
              value={binding.class}
              error={bindingErrors.class}
              onChange={(event) => setBinding({ ...binding, class: event.currentTarget.value })}
              w={130}
            />
            <Checkbox
              label="Ignore a :port"
              checked={binding.stripPort}
              onChange={(event) => setBinding({ ...binding, stripPort: event.currentTarget.checked })}
              mb={8}
            />
            <Button type="submit" loading={createBinding.isPending}>
              Add and apply
            </Button>
          </Group>
        </form>
        <SaveError error={createBinding.error ?? deleteBinding.error} />
        {applied ? <Saved>{applied}</Saved> : null}
      </Stack>

      <Stack gap="sm">
        <Title order={2} size="h3">
          Action rules
        </Title>
        <Text c="gray.7" size="sm">
          The first that matches an alert decides; after them, critical, major and minor alerts open
          incidents.
        </Text>
        <Table striped aria-label="Action rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Severities</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Storm window</Table.Th>
              <Table.Th>When all resolve</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(actionRules.data ?? []).map((rule) => (
              <Table.Tr key={rule.id}>
                <Table.Td>{rule.name}</Table.Td>
                <Table.Td>
                  {rule.severities.length
                    ? rule.severities.map((severity) => (
                        <Badge key={severity} variant="light" mr={4}>
                          {severity}
                        </Badge>
                      ))
                    : 'all'}
                </Table.Td>
                <Table.Td>{rule.action === 'open_incident' ? 'open an incident' : 'record only'}</Table.Td>
                <Table.Td>{rule.windowMinutes} min</Table.Td>
                <Table.Td>{rule.onAllResolved}</Table.Td>
                <Table.Td>
                  <RowAction
                    label="Delete"
                    what={`action rule ${rule.name}`}
                    onClick={() => deleteAction.mutate(rule.id)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form
          aria-label="New action rule"
          onSubmit={(event) => {
            event.preventDefault();
            createAction.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Action rule name"
              required
              value={action.name}
              error={actionErrors.name}
              onChange={(event) => setAction({ ...action, name: event.currentTarget.value })}
              w={200}
            />
            <MultiSelect
              label="Severities"
              placeholder="all"
              data={[...severities]}
              value={action.severities}
              onChange={(value) => setAction({ ...action, severities: value })}
              w={240}
            />
            <Select
              label="Action"
              data={[
                { value: 'open_incident', label: 'open an incident' },
                { value: 'record', label: 'record only' },
              ]}
              value={action.action}
              onChange={(value) => setAction({ ...action, action: value ?? 'open_incident' })}
              allowDeselect={false}
              w={170}
            />
            <NumberInput
              label="Storm window (minutes)"
              min={1}
              max={1440}
              value={action.windowMinutes}
              error={actionErrors.windowMinutes}
              onChange={(value) => setAction({ ...action, windowMinutes: value })}
              w={170}
            />
            <Select
              label="When all alerts resolve"
              data={[
                { value: 'resolve', label: 'resolve the incident' },
                { value: 'mark', label: 'note it on the incident' },
                { value: 'nothing', label: 'nothing' },
              ]}
              value={action.onAllResolved}
              onChange={(value) => setAction({ ...action, onAllResolved: value ?? 'resolve' })}
              allowDeselect={false}
              w={210}
            />
            <Button type="submit" loading={createAction.isPending}>
              Add action rule
            </Button>
          </Group>
        </form>
        <SaveError error={createAction.error ?? deleteAction.error} />
      </Stack>
    </Stack>
  );
}
