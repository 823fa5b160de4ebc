// /admin/connections — provider and automation connections (ConnectionCard), with a form generated
// from each kind's settings schema (?new=<kind>, ?edit=<name>; ConnectionEditor.tsx), inventory
// sync, and the webhook delivery log with replay (Deliveries.tsx).
import { Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { AdminPageHeader, QueryBlock, RecordGrid, Saved, useUrlParam } from '../kit';
import { ConnectionCard } from './ConnectionCard';
import { ConnectionDrawer } from './ConnectionEditor';
import { Deliveries } from './Deliveries';
import type { ConnectionKind, JsonSchema } from './kindSettings';

const useKinds = () =>
  useQuery({
    queryKey: ['admin', 'connection-kinds'],
    queryFn: () => api('/api/v1/connections/kinds', 'inventory.connectionKindListOut'),
    select: (kinds): ConnectionKind[] =>
      kinds.map((kind) => ({ ...kind, settings: kind.settings as JsonSchema })),
    staleTime: 300_000,
  });

export default function ConnectionsPage() {
  const kinds = useKinds();
  const connections = useQuery({
    queryKey: ['admin', 'connections'],
    queryFn: () => api('/api/v1/connections', 'inventory.connectionListOut'),
  });
  const [creating, setCreating] = useUrlParam('new');
  const [editing, setEditing] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const kindOf = (kind: string) => kinds.data?.find((k) => k.kind === kind);

  return (
    <Stack>
      <AdminPageHeader
        title="Providers and connections"
        description="Where environments come from (providers) and what fulfils requests (executors)."
        action={
          <Select
            aria-label="Add a connection of kind"
            placeholder="Add a connection…"
            data={(kinds.data ?? []).map((kind) => ({
              value: kind.kind,
              label: `${kind.title} (${kind.role})`,
            }))}
            value={null}
            onChange={(kind) => kind && setCreating(kind)}
            w={{ base: '100%', sm: 320 }}
          />
        }
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <QueryBlock
        query={{
          isPending: connections.isPending || kinds.isPending,
          isError: connections.isError || kinds.isError,
          error: connections.error ?? kinds.error,
          data: connections.data,
          refetch: () => {
            connections.refetch();
            kinds.refetch();
          },
        }}
        rows={2}
        height={120}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title="No connections">Add a provider to discover environments.</EmptyState>}
      >
        {(data) => (
          <RecordGrid>
            {data.map((connection) => (
              <ConnectionCard
                key={connection.name}
                connection={connection}
                kind={kindOf(connection.kind)}
                onEdit={() => setEditing(connection.name)}
              />
            ))}
          </RecordGrid>
        )}
      </QueryBlock>
      <Deliveries />
      {creating || editing ? (
        <ConnectionDrawer
          key={`${creating}|${editing}`}
          kind={kindOf(creating || connections.data?.find((c) => c.name === editing)?.kind || '')}
          existing={editing ? connections.data?.find((c) => c.name === editing) : undefined}
          loading={kinds.isPending || connections.isPending}
          missing={
            editing ? `There is no connection ${editing}.` : `There is no connection kind ${creating}.`
          }
          onClose={() => {
            setCreating(null);
            setEditing(null);
          }}
          onSaved={(message) => {
            setSaved(message);
            setCreating(null);
            setEditing(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
