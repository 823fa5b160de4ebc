// /admin/teams — teams and their members. ?q filters; ?edit=<key>|new opens the team editor
// (name, description, members: add, make lead, remove).
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { api } from '../../lib/api';
import { EditorDrawer, errorText, fieldErrorsOf, Saved, SaveError, useUrlParam } from '../sla/adminKit';
import { type Team, teamMatches } from './people';
import { useAllUsers } from './UsersPage';

const teamsKey = ['admin', 'teams'] as const;
const useTeams = () => useQuery({ queryKey: teamsKey, queryFn: () => api<Team[]>('/api/v1/teams') });

export default function TeamsPage() {
  const teams = useTeams();
  const [query, setQuery] = useUrlParam('q');
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const rows = (teams.data ?? []).filter((team) => teamMatches(team, query));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Teams</Title>
          <Text size="sm" c="gray.7">
            Teams own queues; a lead is notified of escalations.
          </Text>
        </div>
        <Button onClick={() => setEdit('new')}>New team</Button>
      </Group>
      {saved ? <Saved>{saved}</Saved> : null}
      <TextInput
        label="Search"
        placeholder="Team, member name or email"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value, true)}
        maw={420}
      />
      {teams.isPending ? (
        <LoadingBlock rows={2} height={120} />
      ) : teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={teams.data.length ? 'No team matches' : 'No teams yet'}>
          {teams.data.length ? 'Change the search.' : 'Create a team to give agents a queue.'}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {rows.map((team) => (
            <Card key={team.key} withBorder>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Title order={2} size="h4">
                      {team.name}
                    </Title>
                    <Text size="xs" c="gray.7" ff="monospace">
                      {team.key}
                    </Text>
                  </div>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setEdit(team.key)}
                    aria-label={`Edit ${team.name}`}
                  >
                    Edit
                  </Button>
                </Group>
                {team.description ? <Text size="sm">{team.description}</Text> : null}
                <Text size="sm" c="gray.7">
                  {team.members.length} member{team.members.length === 1 ? '' : 's'}
                </Text>
                <Group gap={4}>
                  {team.members.map((member) => (
                    <Badge
                      key={member.userId}
                      variant="light"
                      color={member.isLead ? 'blue' : 'gray'}
                      radius="sm"
                      tt="none"
                    >
                      {member.displayName}
                      {member.isLead ? ' (lead)' : ''}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {edit ? (
        <TeamDrawer
          key={edit}
          teamKey={edit === 'new' ? null : edit}
          teams={teams.data}
          onClose={() => setEdit(null)}
          onCreated={(team) => {
            setSaved(`Team ${team.name} created; add its members now.`);
            setEdit(team.key, true);
          }}
          onSaved={(message) => setSaved(message)}
        />
      ) : null}
    </Stack>
  );
}

function TeamDrawer({
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
    <EditorDrawer size="md" onClose={onClose} title={teamKey ? `Team ${team?.name ?? teamKey}` : 'New team'}>
      {teamKey && !teams ? (
        <LoadingBlock rows={5} height={44} />
      ) : teamKey && !team ? (
        <EmptyState title="No such team">There is no team {teamKey}.</EmptyState>
      ) : (
        <Stack gap="lg">
          <TeamForm team={team} onCreated={onCreated} onSaved={onSaved} onClose={onClose} />
          {team ? <Members team={team} /> : null}
        </Stack>
      )}
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
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      team
        ? api<Team>(`/api/v1/teams/${team.key}`, {
            method: 'PATCH',
            body: { name: name.trim(), description },
          })
        : api<Team>('/api/v1/teams', { method: 'POST', body: { key, name: name.trim(), description } }),
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

function Members({ team }: { team: Team }) {
  const client = useQueryClient();
  const users = useAllUsers();
  const [userId, setUserId] = useState<string | null>(null);
  const [lead, setLead] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: teamsKey });
    await client.invalidateQueries({ queryKey: ['admin', 'users'] });
  };
  const put = useMutation({
    mutationFn: (vars: { userId: string; isLead: boolean }) =>
      api(`/api/v1/teams/${team.key}/members/${vars.userId}`, {
        method: 'PUT',
        body: { isLead: vars.isLead },
      }),
    onSuccess: async (_, vars) => {
      await refresh();
      const who = users.data?.find((user) => user.id === vars.userId)?.displayName ?? 'Member';
      setMessage(`${who} ${team.members.some((m) => m.userId === vars.userId) ? 'updated' : 'added'}.`);
      setUserId(null);
      setLead(false);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/teams/${team.key}/members/${id}`, { method: 'DELETE' }),
    onSuccess: async (_, id) => {
      await refresh();
      setMessage(`${team.members.find((m) => m.userId === id)?.displayName ?? 'Member'} removed.`);
    },
  });
  const failed = put.error ?? remove.error;
  const options = (users.data ?? [])
    .filter((user) => user.active && !team.members.some((member) => member.userId === user.id))
    .map((user) => ({ value: user.id, label: `${user.displayName} (${user.email})` }));

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Members
      </Title>
      {message ? (
        <Text size="sm" c="green.9" role="status">
          {message}
        </Text>
      ) : null}
      {failed ? (
        <Text size="sm" c="red.8" role="alert">
          {errorText(failed)}
        </Text>
      ) : null}
      {team.members.length === 0 ? (
        <Text size="sm" c="gray.7">
          Nobody yet.
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {team.members.map((member) => (
            <Group key={member.userId} component="li" justify="space-between" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {member.displayName}
                  {member.isLead ? ' (lead)' : ''}
                </Text>
                <Text size="xs" c="gray.7">
                  {member.email}
                </Text>
              </div>
              <Group gap={4}>
                <Button
                  size="xs"
                  variant="subtle"
                  loading={put.isPending && put.variables?.userId === member.userId}
                  onClick={() => put.mutate({ userId: member.userId, isLead: !member.isLead })}
                  aria-label={
                    member.isLead
                      ? `Make ${member.displayName} a member, not lead`
                      : `Make ${member.displayName} lead`
                  }
                >
                  {member.isLead ? 'Unset lead' : 'Make lead'}
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  loading={remove.isPending && remove.variables === member.userId}
                  onClick={() => remove.mutate(member.userId)}
                  aria-label={`Remove ${member.displayName} from ${team.name}`}
                >
                  Remove
                </Button>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (userId) put.mutate({ userId, isLead: lead });
        }}
      >
        <Stack gap="xs">
          <Select
            label="Add a member"
            placeholder="Pick a person"
            data={options}
            searchable
            clearable
            value={userId}
            onChange={setUserId}
            nothingFoundMessage="Nobody matches"
          />
          <Group justify="space-between">
            <Checkbox
              label="Team lead"
              checked={lead}
              onChange={(event) => setLead(event.currentTarget.checked)}
            />
            <Button
              type="submit"
              size="xs"
              disabled={!userId}
              loading={put.isPending && put.variables?.userId === userId}
            >
              Add member
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
