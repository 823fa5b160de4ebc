// The editor of a team (a drawer at ?edit=<key>|new): key, name, description; then its members
// (TeamMembers.tsx).
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../kit';
import type { Team } from './people';
import { teamsKey } from './queries';
import { Members } from './TeamMembers';

export function TeamDrawer({
  teamKey,
  teams,
  onClose,
  onCreated,
  onSaved,
}: {
  teamKey: string | null;
  teams: Team[] | undefined;
  onClose: () => void;
  onCreated: (team: Team) => void;
  onSaved: (message: string) => void;
}) {
  const team = teamKey ? teams?.find((candidate) => candidate.key === teamKey) : undefined;
  return (
    <EditorDrawer
      size="md"
      onClose={onClose}
      title={teamKey ? `Team ${team?.name ?? teamKey}` : 'New team'}
      loading={Boolean(teamKey) && !teams}
      missing={
        teamKey && !team ? <EmptyState title="No such team">There is no team {teamKey}.</EmptyState> : null
      }
    >
      <Stack gap="lg">
        <TeamForm team={team} onCreated={onCreated} onSaved={onSaved} onClose={onClose} />
        {team ? <Members team={team} /> : null}
      </Stack>
    </EditorDrawer>
  );
}

function TeamForm({
  team,
  onCreated,
  onSaved,
  onClose,
}: {
  team: Team | undefined;
  onCreated: (team: Team) => void;
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [key, setKey] = useState(team?.key ?? '');
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [autoAssign, setAutoAssign] = useState<'none' | 'round_robin' | 'load'>(team?.autoAssign ?? 'none');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      team
        ? api(`/api/v1/teams/${team.key}`, 'identity.teamOut', {
            method: 'PATCH',
            body: { name: name.trim(), description, autoAssign },
          })
        : api('/api/v1/teams', 'identity.teamOut', {
            method: 'POST',
            body: { key, name: name.trim(), description, autoAssign },
          }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: teamsKey });
      await client.invalidateQueries({ queryKey: ['admin', 'users'] });
      if (team) onSaved(`Team ${saved.name} saved.`);
      else onCreated(saved);
    },
  });
  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!team && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(key))
      problems.key = 'Lowercase letters, digits and dashes.';
    if (!name.trim()) problems.name = 'Name the team.';
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Key"
          required
          disabled={Boolean(team)}
          value={key}
          onChange={(event) => setKey(event.currentTarget.value)}
          error={errors.key}
        />
        <TextInput
          label="Team name"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={errors.description}
        />
        <Select
          label="New tickets"
          description="Who gets a new ticket of this team"
          data={[
            { value: 'none', label: 'The team picks them up (no auto-assignment)' },
            { value: 'round_robin', label: 'Each agent in turn (round robin)' },
            { value: 'load', label: 'The agent with the fewest open tickets' },
          ]}
          value={autoAssign}
          allowDeselect={false}
          onChange={(value) => value && setAutoAssign(value as typeof autoAssign)}
          error={errors.autoAssign}
        />
        <SaveError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {team ? 'Close' : 'Cancel'}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {team ? 'Save team' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
