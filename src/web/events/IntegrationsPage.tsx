// Integrations (admins): add one and copy the URL, with its key, to give the sending system;
// rotate a key (the new URL is shown once) or revoke every key; see when each last delivered.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { integrationKinds } from '../../shared/api/events';
import { SaveError } from '../admin/kit';
import { api } from '../lib/api';
import { EventNav } from './EventNav';

interface Shown {
  name: string;
  url: string;
  why: string;
}

export default function IntegrationsPage() {
  const client = useQueryClient();
  const integrations = useQuery({
    queryKey: ['integrations'],
    queryFn: ({ signal }) => api('/api/v1/integrations', 'events.integrationsOut', { signal }),
  });
  const [kind, setKind] = useState<string | null>('alertmanager');
  const [name, setName] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['integrations'] });
  const create = useMutation({
    mutationFn: () =>
      api('/api/v1/integrations', 'events.integrationOut', {
        method: 'POST',
        body: { kind, name: name.trim() },
      }),
    onSuccess: (created) => {
      setShown({ name: created.name, url: created.url, why: 'created' });
      setName('');
      void refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/integrations/${id}/rotate`, 'events.integrationOut', { method: 'POST', body: {} }),
    onSuccess: (rotated) => {
      setShown({
        name: rotated.name,
        url: rotated.url,
        why: 'given a new key; the old one is refused from now on',
      });
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/integrations/${id}/revoke`, 'events.integrationOut', { method: 'POST', body: {} }),
    onSuccess: (revoked) => {
      setShown(null);
      void refresh();
      return revoked;
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Integrations</Title>
        <EventNav />
      </Group>
      <Text c="gray.7">
        A monitoring or backup system posts its alerts to the URL of its integration. The URL carries a secret
        key: it is shown in full once, when the integration is added or its key rotated.
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end" gap="sm">
          <Select
            label="Kind"
            data={[...integrationKinds]}
            value={kind}
            onChange={setKind}
            allowDeselect={false}
            w={180}
          />
          <TextInput
            label="Name"
            placeholder="Prometheus production"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            w={280}
          />
          <Button type="submit" loading={create.isPending}>
            Add integration
          </Button>
        </Group>
      </form>
      <SaveError error={create.error ?? rotate.error ?? revoke.error} />
      {shown ? (
        <Alert color="green" role="status" title={`${shown.name}: ${shown.why}`}>
          <Stack gap="xs">
            <Text size="sm">Give the sending system this URL (it is not shown again):</Text>
            <Code block aria-label="Integration URL">
              {shown.url}
            </Code>
            <CopyButton value={shown.url}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} w="fit-content">
                  {copied ? 'Copied' : 'Copy URL'}
                </Button>
              )}
            </CopyButton>
          </Stack>
        </Alert>
      ) : null}
      {integrations.error ? <Text c="red.8">{(integrations.error as Error).message}</Text> : null}
      <Table striped aria-label="Integrations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Keys</Table.Th>
            <Table.Th>Last delivery</Table.Th>
            <Table.Th>URL</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(integrations.data ?? []).map((integration) => {
            const live = integration.keys.filter(
              (key) => !key.revokedAt || new Date(key.revokedAt).getTime() > Date.now(),
            );
            return (
              <Table.Tr key={integration.id}>
                <Table.Td>{integration.name}</Table.Td>
                <Table.Td>{integration.kind}</Table.Td>
                <Table.Td>
                  {live.length > 0 ? (
                    live.map((key) => (
                      <Badge key={key.id} variant="light" mr={4}>
                        {key.hint}
                      </Badge>
                    ))
                  ) : (
                    <Badge color="red" variant="light">
                      revoked
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {integration.lastReceivedAt
                    ? new Date(integration.lastReceivedAt).toLocaleString()
                    : 'never'}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {integration.url}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => rotate.mutate(integration.id)}
                      aria-label={`Rotate key: ${integration.name}`}
                    >
                      Rotate key
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      disabled={live.length === 0}
                      onClick={() => {
                        if (window.confirm(`Refuse every key of ${integration.name} from now on?`))
                          revoke.mutate(integration.id);
                      }}
                      aria-label={`Revoke: ${integration.name}`}
                    >
                      Revoke
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {integrations.data?.length === 0 ? <Text c="gray.7">No integrations yet.</Text> : null}
    </Stack>
  );
}
