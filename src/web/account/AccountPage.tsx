// The signed-in person's own page: who they are (name, email, role, teams, time zone) and their
// personal API tokens (create one — shown once —, see when each was last used, revoke it).
import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { useMe } from '../lib/auth';
import { dateTime, timeAgo } from '../lib/format';

const tokensKey = ['me', 'tokens'] as const;

export default function AccountPage() {
  const me = useMe();
  if (!me.data) return <LoadingBlock rows={4} height={30} />;
  const user = me.data;
  return (
    <Stack gap="md" maw={900}>
      <Title order={1} fz="h2">
        Your account
      </Title>
      <Paper withBorder p="md" component="section" aria-labelledby="profile-heading">
        <Title order={2} fz="lg" id="profile-heading" mb="xs">
          Profile
        </Title>
        <Text fz="sm">
          {user.displayName} · {user.email} · {user.role}
        </Text>
        <Text fz="sm" c="gray.7">
          Dates are shown in your browser’s time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}).
        </Text>
      </Paper>
      <TokensSection />
    </Stack>
  );
}

function TokensSection() {
  const client = useQueryClient();
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: () => api('/api/v1/me/tokens', 'identity.tokenListOut'),
  });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api('/api/v1/me/tokens', 'identity.tokenCreatedOut', {
        body: { name: name.trim(), expiresInDays: 365 },
      }),
    onSuccess: (token) => {
      setCreated({ name: token.name, token: token.token });
      setName('');
      void client.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/me/tokens/${id}`, 'common.noContent', { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="tokens-heading">
          Personal API tokens
        </Title>
        <Text fz="sm" c="gray.7">
          A token acts as you in scripts: <Code>Authorization: Bearer …</Code>. It expires after a year.
        </Text>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Token name"
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.currentTarget.value)}
              error={create.error ? create.error.message : undefined}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create token
            </Button>
          </Group>
        </form>
        {created ? (
          <Alert color="teal" title={`Token “${created.name}” created`} role="status">
            <Text fz="sm">Copy it now: it is not shown again.</Text>
            <Code block>{created.token}</Code>
          </Alert>
        ) : null}
        {tokens.data && tokens.data.length > 0 ? (
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Starts with</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}</Code>
                  </Table.Td>
                  <Table.Td title={dateTime(token.createdAt)}>{timeAgo(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? timeAgo(token.lastUsedAt) : 'never'}</Table.Td>
                  <Table.Td>{token.expiresAt ? dateTime(token.expiresAt) : 'never'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => revoke.mutate(token.id)}
                      loading={revoke.isPending && revoke.variables === token.id}
                      aria-label={`Revoke token ${token.name}`}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text fz="sm" c="gray.7">
            {tokens.isPending ? 'Loading…' : 'No tokens yet.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
