// A team's members in its editor: make lead or not, remove, add a person.
import { Button, Checkbox, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { errorText } from '../kit';
import type { Team } from './people';
import { teamsKey, useAllUsers } from './queries';

export function Members({ team }: { team: Team }) {
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
      api(`/api/v1/teams/${team.key}/members/${vars.userId}`, 'common.noContent', {
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
    mutationFn: (id: string) =>
      api(`/api/v1/teams/${team.key}/members/${id}`, 'common.noContent', { method: 'DELETE' }),
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
          {team.members
            .flatMap((member) => (!member.userId ? [] : [{ ...member, userId: member.userId }]))
            .map((member) => (
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
