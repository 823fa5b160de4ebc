// A connection as a card: name, kind and role, its settings (secrets only as set / not set), and
// Edit and, for providers, Sync inventory.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../shared/api/common';
import type { connectionOut } from '../../../shared/api/inventory';
import { api } from '../../lib/api';
import { timeAgo } from '../../lib/format';
import { errorText } from '../kit';
import type { ConnectionKind } from './kindSettings';

type Connection = Wire<typeof connectionOut>;

export function ConnectionCard({
  connection,
  kind,
  onEdit,
}: {
  connection: Connection;
  kind: ConnectionKind | undefined;
  onEdit: () => void;
}) {
  const client = useQueryClient();
  const sync = useMutation({
    mutationFn: () =>
      api(`/api/v1/connections/${encodeURIComponent(connection.name)}/sync`, 'inventory.syncQueuedOut', {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'environments'] }),
  });
  const settings = Object.entries(connection.config);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h4">
              {connection.name}
            </Title>
            <Text size="sm" c="gray.7">
              {kind?.title ?? connection.kind}
            </Text>
          </div>
          <Badge
            variant="light"
            radius="sm"
            color={kind?.role === 'provider' ? 'blue' : 'grape'}
            style={{ flexShrink: 0 }}
          >
            {kind?.role ?? 'unknown'}
          </Badge>
        </Group>
        {settings.length ? (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {settings
              .map(
                ([key, value]) =>
                  `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
              )
              .join(' · ')}
          </Text>
        ) : (
          <Text size="sm" c="gray.7">
            No settings.
          </Text>
        )}
        {kind?.secretFields.length ? (
          <Group gap={4}>
            {kind.secretFields.map((secret) => (
              <Badge
                key={secret}
                variant="light"
                radius="sm"
                color={connection.secretsSet.includes(secret) ? 'green' : 'gray'}
                tt="none"
              >
                {secret}: {connection.secretsSet.includes(secret) ? 'set' : 'not set'}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Text size="xs" c="gray.7">
          Updated {timeAgo(connection.updatedAt)}
        </Text>
        {sync.isSuccess ? (
          <Text size="sm" c="green.9" role="status">
            Sync queued: environments this provider discovers appear in the inventory when the job finishes.
          </Text>
        ) : null}
        {sync.isError ? (
          <Text size="sm" c="red.8" role="alert">
            Sync failed: {errorText(sync.error)}
          </Text>
        ) : null}
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={onEdit} aria-label={`Edit ${connection.name}`}>
            Edit
          </Button>
          {kind?.role === 'provider' ? (
            <Button
              size="xs"
              variant="default"
              loading={sync.isPending}
              onClick={() => sync.mutate()}
              aria-label={`Sync inventory from ${connection.name}`}
            >
              Sync inventory
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}
