// /admin/environments — the staging inventory. Filters (?q, ?state, ?terminated) live in the URL;
// ?env=<name> opens the detail drawer (with edit; EnvironmentDrawer.tsx), ?new=1 the register form
// (RegisterDrawer.tsx).
import { Anchor, Button, Checkbox, Group, Select, Stack, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { AdminPageHeader, desktopOnly, QueryBlock, RecordTable, Saved, useUrlParam } from '../kit';
import { EnvironmentDrawer } from './EnvironmentDrawer';
import { ENV_STATES } from './envForm';
import { RegisterDrawer } from './RegisterDrawer';
import { StateBadge } from './StateBadge';

const envKeys = (terminated: boolean) => ['admin', 'environments', { terminated }] as const;

export default function EnvironmentsPage() {
  const [query, setQuery] = useUrlParam('q');
  const [state, setState] = useUrlParam('state');
  const [terminated, setTerminated] = useUrlParam('terminated');
  const [selected, setSelected] = useUrlParam('env');
  const [creating, setCreating] = useUrlParam('new');
  const [saved, setSaved] = useState<string | null>(null);
  const includeTerminated = terminated === '1' || state === 'terminated';

  const environments = useQuery({
    queryKey: envKeys(includeTerminated),
    queryFn: () =>
      api('/api/v1/environments', 'inventory.environmentListOut', {
        query: { includeTerminated: includeTerminated || undefined },
      }),
  });
  const needle = query.trim().toLowerCase();
  const rows = (environments.data ?? []).filter(
    (env) =>
      (!state || env.state === state) &&
      (!needle ||
        env.name.includes(needle) ||
        env.provider.toLowerCase().includes(needle) ||
        env.domains.some((domain) => domain.includes(needle))),
  );

  return (
    <Stack>
      <AdminPageHeader
        title="Environments"
        description="The staging inventory that request forms pick from and automation acts on."
        action={<Button onClick={() => setCreating('1')}>Register environment</Button>}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name, provider or domain"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value, true)}
          style={{ flex: 1, minWidth: 200 }}
        />
        <Select
          label="State"
          placeholder="Any state"
          data={ENV_STATES.map((value) => ({ value, label: value }))}
          value={state || null}
          onChange={(value) => setState(value)}
          clearable
          w={170}
        />
        <Checkbox
          label="Show terminated"
          checked={includeTerminated}
          onChange={(event) => setTerminated(event.currentTarget.checked ? '1' : null)}
          mb={8}
        />
      </Group>
      <QueryBlock
        query={environments}
        rows={6}
        height={40}
        isEmpty={() => rows.length === 0}
        empty={(data) => (
          <EmptyState title={data.length ? 'No environment matches' : 'No environments yet'}>
            {data.length ? 'Change the search or the state filter.' : 'Register one, or sync a provider.'}
          </EmptyState>
        )}
      >
        {() => (
          <RecordTable
            minWidth={760}
            columns={[
              'Name',
              'State',
              { label: 'Provider', phone: false },
              { label: 'Request-only', phone: false },
              { label: 'Domains', phone: false },
              { label: 'Databases', phone: false },
              { label: 'Updated', phone: false },
            ]}
          >
            {rows.map((env) => (
              <Table.Tr key={env.name}>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    fw={600}
                    ta="left"
                    onClick={() => setSelected(env.name)}
                  >
                    {env.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StateBadge state={env.state} />
                </Table.Td>
                <Table.Td {...desktopOnly}>
                  {env.provider}
                  {env.provider !== env.providerKind ? ` (${env.providerKind})` : ''}
                </Table.Td>
                <Table.Td {...desktopOnly}>{env.requestOnly ? 'Yes' : 'No'}</Table.Td>
                <Table.Td {...desktopOnly}>{env.domains.length ? env.domains.join(', ') : '—'}</Table.Td>
                <Table.Td {...desktopOnly}>
                  {env.databases.length
                    ? env.databases.map((db) => `${db.name} (${db.engine})`).join(', ')
                    : '—'}
                </Table.Td>
                <Table.Td {...desktopOnly}>{dateTime(env.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </RecordTable>
        )}
      </QueryBlock>
      {selected ? (
        <EnvironmentDrawer
          key={selected}
          name={selected}
          onClose={() => setSelected(null)}
          onSaved={(message) => setSaved(message)}
        />
      ) : null}
      {creating ? (
        <RegisterDrawer
          onClose={() => setCreating(null)}
          onSaved={(env) => {
            setSaved(`Environment ${env.name} registered.`);
            setCreating(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
