// Admin: which teams play the change roles — the CAB (and how many of it approve a high-risk
// change), the emergency CAB and the change managers. Defaults: cab, ecab, change-managers, 2.
import { Alert, Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorState, LoadingBlock } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { useTeams } from '../people/queries';

const settingsKey = ['changes', 'settings'] as const;
const roles = [
  ['cabTeam', 'Change Advisory Board (CAB)', 'Approves high-risk changes.'],
  [
    'emergencyCabTeam',
    'Emergency CAB',
    'Approves emergency changes (the CAB stands in if this team does not exist).',
  ],
  [
    'changeManagersTeam',
    'Change managers',
    'Approve moderate-risk changes, see every change and may override conflicts.',
  ],
] as const;

export default function ChangeRolesPage() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: () => api('/api/v1/changes/settings', 'changes.changeSettingsOut'),
  });
  const teams = useTeams();
  const [draft, setDraft] = useState<Record<string, string | number>>({});
  useEffect(() => {
    if (settings.data) setDraft({ ...settings.data });
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/changes/settings', 'changes.changeSettingsOut', { method: 'PATCH', body: draft }),
    onSuccess: (saved) => client.setQueryData(settingsKey, saved),
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const teamOptions = (current: string | number | undefined) => {
    const keys = (teams.data ?? []).map((team) => ({ value: team.key, label: `${team.name} (${team.key})` }));
    return keys.some((option) => option.value === current) || !current
      ? keys
      : [{ value: String(current), label: `${current} (no such team)` }, ...keys];
  };

  return (
    <Stack>
      <Title order={1}>Change roles</Title>
      <Text c="gray.7">
        The teams the changes practice asks. Approvals already asked keep their approvers; the next ones ask
        the teams saved here.
      </Text>
      {settings.isError ? <ErrorState error={settings.error} onRetry={() => settings.refetch()} /> : null}
      {settings.isPending ? <LoadingBlock rows={3} height={40} /> : null}
      {settings.data ? (
        <Paper
          withBorder
          p="md"
          component="form"
          aria-label="Change roles"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            {save.error && !Object.keys(errors).length ? (
              <Alert color="red">{save.error.message}</Alert>
            ) : null}
            {save.isSuccess ? <Alert color="green">Saved.</Alert> : null}
            {roles.map(([key, label, help]) => (
              <NativeSelect
                key={key}
                label={label}
                description={help}
                data={teamOptions(draft[key])}
                value={String(draft[key] ?? '')}
                error={errors[key]}
                onChange={(event) =>
                  setDraft((current) => ({ ...current, [key]: event.currentTarget.value }))
                }
              />
            ))}
            <NumberInput
              label="CAB approvals a high-risk change needs"
              min={1}
              max={20}
              allowDecimal={false}
              value={Number(draft.cabQuorum ?? 2)}
              error={errors.cabQuorum}
              onChange={(value) =>
                typeof value === 'number' && setDraft((current) => ({ ...current, cabQuorum: value }))
              }
            />
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
