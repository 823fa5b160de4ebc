// Escalation policies: each level's targets and timeout, the repeat count and the services it
// pages for. Admins edit them here (one form: levels added and removed in place).
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { ApiError, api } from '../lib/api';
import { isAdmin, useMe } from '../lib/auth';
import { OncallNav } from './OncallNav';

type TargetType = 'user' | 'schedule' | 'team';
interface Draft {
  id: string | null;
  name: string;
  repeat: number;
  services: string;
  levels: { key: string; timeoutMinutes: number; targets: string[] }[];
}

const newKey = () => Math.random().toString(36).slice(2);

const blank: Draft = {
  id: null,
  name: '',
  repeat: 0,
  services: '',
  levels: [{ key: 'first', timeoutMinutes: 15, targets: [] }],
};

function PolicyEditor({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const client = useQueryClient();
  const [value, setValue] = useState(draft);
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api('/api/v1/users', 'identity.userListOut'),
  });
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => api('/api/v1/teams', 'identity.teamListOut'),
  });
  const schedules = useQuery({
    queryKey: ['oncall', 'schedules'],
    queryFn: () => api('/api/v1/schedules', 'oncall.schedulesOut'),
  });
  const options = [
    {
      group: 'Schedules',
      items: (schedules.data ?? []).map((s) => ({ value: `schedule:${s.id}`, label: s.name })),
    },
    {
      group: 'People',
      items: (users.data ?? []).map((u) => ({ value: `user:${u.id}`, label: u.displayName })),
    },
    { group: 'Teams', items: (teams.data ?? []).map((t) => ({ value: `team:${t.id}`, label: t.name })) },
  ];
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: value.name,
        repeat: value.repeat,
        services: value.services
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        levels: value.levels.map((level) => ({
          timeoutMinutes: level.timeoutMinutes,
          targets: level.targets.map((target) => {
            const [type, id] = target.split(':') as [TargetType, string];
            return { type, id };
          }),
        })),
      };
      return value.id
        ? api(`/api/v1/escalation-policies/${value.id}`, 'oncall.policyOut', { method: 'PUT', body })
        : api('/api/v1/escalation-policies', 'oncall.policyOut', { body });
    },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['oncall', 'policies'] });
      onDone();
    },
  });
  const setLevel = (index: number, patch: Partial<Draft['levels'][number]>) =>
    setValue({
      ...value,
      levels: value.levels.map((level, i) => (i === index ? { ...level, ...patch } : level)),
    });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {value.id ? `Edit ${draft.name}` : 'New escalation policy'}
        </Title>
        {save.error && (
          <Alert color="red" role="alert">
            {save.error instanceof ApiError
              ? [
                  save.error.message,
                  ...Object.entries(save.error.fieldErrors).map(([field, message]) => `${field}: ${message}`),
                ].join(' · ')
              : 'Could not save.'}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          value={value.name}
          onChange={(e) => setValue({ ...value, name: e.currentTarget.value })}
        />
        <TextInput
          label="Services it pages for (names, comma-separated)"
          value={value.services}
          onChange={(e) => setValue({ ...value, services: e.currentTarget.value })}
        />
        <NumberInput
          label="Repeat the levels when nobody acknowledges (times)"
          min={0}
          max={9}
          value={value.repeat}
          onChange={(n) => setValue({ ...value, repeat: Number(n) || 0 })}
        />
        {value.levels.map((level, index) => (
          <Group key={level.key} align="flex-end" wrap="nowrap">
            <MultiSelect
              style={{ flex: 1 }}
              label={`Level ${index + 1}: notify`}
              data={options}
              searchable
              value={level.targets}
              onChange={(targets) => setLevel(index, { targets })}
            />
            <NumberInput
              w={170}
              label="then escalate after (min)"
              min={1}
              max={1440}
              value={level.timeoutMinutes}
              onChange={(n) => setLevel(index, { timeoutMinutes: Number(n) || 1 })}
            />
            <Button
              variant="subtle"
              color="red"
              disabled={value.levels.length === 1}
              onClick={() => setValue({ ...value, levels: value.levels.filter((_, i) => i !== index) })}
            >
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            onClick={() =>
              setValue({
                ...value,
                levels: [...value.levels, { key: newKey(), timeoutMinutes: 15, targets: [] }],
              })
            }
          >
            Add a level
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export default function PoliciesPage() {
  const { data: me } = useMe();
  const [editing, setEditing] = useState<Draft | null>(null);
  const policies = useQuery({
    queryKey: ['oncall', 'policies'],
    queryFn: () => api('/api/v1/escalation-policies', 'oncall.policiesOut'),
  });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Escalation policies</Title>
        {isAdmin(me) && !editing && <Button onClick={() => setEditing(blank)}>New policy</Button>}
      </Group>
      <OncallNav />
      {editing && <PolicyEditor key={editing.id ?? 'new'} draft={editing} onDone={() => setEditing(null)} />}
      {policies.isPending ? (
        <LoadingBlock />
      ) : policies.isError ? (
        <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState title="No escalation policies">
          A service with a policy pages it when an incident opens on it.
        </EmptyState>
      ) : (
        policies.data.map((policy) => (
          <Card key={policy.id} withBorder padding="sm">
            <Group justify="space-between" align="flex-start">
              <Stack gap={4}>
                <Text fw={600}>{policy.name}</Text>
                <Group gap={4}>
                  {policy.services.map((service) => (
                    <Badge key={service.id} variant="outline">
                      {service.name}
                    </Badge>
                  ))}
                </Group>
                {policy.levels
                  .map((level, index) => ({ ...level, number: index + 1 }))
                  .map((level) => (
                    <Text key={level.number} size="sm">
                      Level {level.number}:{' '}
                      {level.targets.map((target) => `${target.name} (${target.type})`).join(', ')} ·
                      escalates after {level.timeoutMinutes} min
                    </Text>
                  ))}
                {policy.repeat > 0 && <Text size="sm">Repeats {policy.repeat} time(s)</Text>}
              </Stack>
              {isAdmin(me) && (
                <Button
                  variant="light"
                  onClick={() =>
                    setEditing({
                      id: policy.id,
                      name: policy.name,
                      repeat: policy.repeat,
                      services: policy.services.map((s) => s.name).join(', '),
                      levels: policy.levels.map((level) => ({
                        key: newKey(),
                        timeoutMinutes: level.timeoutMinutes,
                        targets: level.targets.map((target) => `${target.type}:${target.id}`),
                      })),
                    })
                  }
                >
                  Edit
                </Button>
              )}
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
