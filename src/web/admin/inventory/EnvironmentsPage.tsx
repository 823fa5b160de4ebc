// /admin/environments — the staging inventory. Filters (?q, ?state, ?terminated) live in the URL;
// ?env=<name> opens the detail drawer (with edit), ?new=1 the register form.
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { EditorDrawer, fieldErrorsOf, Saved, SaveError, useUrlParam } from '../sla/adminKit';
import {
  DB_ENGINES,
  ENV_STATES,
  type EnvForm,
  type Environment,
  emptyEnvForm,
  envToForm,
  FAULT_ACTIONS,
  stateColors,
  toCreateBody,
  toPatchBody,
} from './envForm';

interface Connection {
  name: string;
  kind: string;
}

export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={stateColors[state] ?? 'gray'} variant="light" radius="sm" data-state={state}>
      {state}
    </Badge>
  );
}

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
      api<Environment[]>('/api/v1/environments', {
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
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Environments</Title>
          <Text size="sm" c="gray.7">
            The staging inventory that request forms pick from and automation acts on.
          </Text>
        </div>
        <Button onClick={() => setCreating('1')}>Register environment</Button>
      </Group>
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
      {environments.isPending ? (
        <LoadingBlock rows={6} height={40} />
      ) : environments.isError ? (
        <ErrorState error={environments.error} onRetry={() => environments.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={environments.data.length ? 'No environment matches' : 'No environments yet'}>
          {environments.data.length
            ? 'Change the search or the state filter.'
            : 'Register one, or sync a provider.'}
        </EmptyState>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={760} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Provider</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Request-only</Table.Th>
                <Table.Th>Domains</Table.Th>
                <Table.Th>Databases</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                    {env.provider}
                    {env.provider !== env.providerKind ? ` (${env.providerKind})` : ''}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={env.state} />
                  </Table.Td>
                  <Table.Td>{env.requestOnly ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>{env.domains.length ? env.domains.join(', ') : '—'}</Table.Td>
                  <Table.Td>
                    {env.databases.length
                      ? env.databases.map((db) => `${db.name} (${db.engine})`).join(', ')
                      : '—'}
                  </Table.Td>
                  <Table.Td>{dateTime(env.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
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

function useProviders() {
  return useQuery({
    queryKey: ['admin', 'connections'],
    queryFn: () => api<Connection[]>('/api/v1/connections'),
    select: (connections) => connections,
  });
}

function EnvironmentDrawer({
  name,
  onClose,
  onSaved,
}: {
  name: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const env = useQuery({
    queryKey: ['admin', 'environment', name],
    queryFn: () => api<Environment>(`/api/v1/environments/${encodeURIComponent(name)}`),
  });
  return (
    <EditorDrawer onClose={onClose} title={`Environment ${name}`}>
      {env.isPending ? (
        <LoadingBlock rows={6} height={36} />
      ) : env.isError ? (
        <ErrorState error={env.error} onRetry={() => env.refetch()} />
      ) : editing ? (
        <EditEnvironment
          env={env.data}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved(`Environment ${name} saved.`);
          }}
        />
      ) : (
        <Stack>
          <Group justify="space-between">
            <StateBadge state={env.data.state} />
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              Edit environment
            </Button>
          </Group>
          <SimpleGrid cols={2} spacing="xs" component="dl" style={{ margin: 0 }}>
            {(
              [
                ['Provider', `${env.data.provider} (${env.data.providerKind})`],
                ['External ID', env.data.externalId],
                ['Request-only', env.data.requestOnly ? 'Yes' : 'No'],
                ['Region', env.data.region ?? '—'],
                ['End date', env.data.endDate ?? '—'],
                ['Updated', dateTime(env.data.updatedAt)],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <Text component="dt" size="xs" c="gray.7">
                  {label}
                </Text>
                <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                  {value}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          {env.data.url ? (
            <Text size="sm">
              URL:{' '}
              <Anchor href={env.data.url} target="_blank" rel="noreferrer">
                {env.data.url}
              </Anchor>
            </Text>
          ) : null}
          <Title order={2} size="h5">
            Domains
          </Title>
          <Text size="sm">{env.data.domains.length ? env.data.domains.join(', ') : 'None'}</Text>
          <Title order={2} size="h5">
            Databases
          </Title>
          {env.data.databases.length === 0 ? (
            <Text size="sm">None</Text>
          ) : (
            env.data.databases.map((db) => (
              <Paper key={db.name} withBorder p="xs">
                <Group gap="xs">
                  <Text size="sm" fw={600}>
                    {db.name}
                  </Text>
                  <Badge size="sm" variant="light" color="gray" radius="sm">
                    {db.engine}
                  </Badge>
                </Group>
                {db.tables && Object.keys(db.tables).length ? (
                  <Text size="sm" c="gray.7">
                    {Object.entries(db.tables)
                      .map(([table, count]) => `${table}: ${count.toLocaleString('en')} rows`)
                      .join(' · ')}
                  </Text>
                ) : null}
              </Paper>
            ))
          )}
          {env.data.providerKind === 'sandbox' ? (
            <>
              <Title order={2} size="h5">
                Injected faults
              </Title>
              <Text size="sm">
                {env.data.faults?.length
                  ? env.data.faults
                      .map(
                        (fault) =>
                          `${fault.action} (${fault.kind}${fault.remaining !== null ? `, ${fault.remaining} left` : ''})`,
                      )
                      .join(', ')
                  : 'None'}
              </Text>
            </>
          ) : null}
        </Stack>
      )}
    </EditorDrawer>
  );
}

function EditEnvironment({
  env,
  onCancel,
  onSaved,
}: {
  env: Environment;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const client = useQueryClient();
  const sandbox = env.providerKind === 'sandbox';
  const [form, setForm] = useState<EnvForm>(() => envToForm(env));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: object) =>
      api<Environment>(`/api/v1/environments/${encodeURIComponent(env.name)}`, { method: 'PATCH', body }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin', 'environments'] });
      await client.invalidateQueries({ queryKey: ['admin', 'environment', env.name] });
      onSaved();
    },
  });
  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { body, errors: problems } = toPatchBody(form, sandbox);
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <CommonFields form={form} setForm={setForm} errors={errors} editing />
        {sandbox ? <FaultRows form={form} setForm={setForm} errors={errors} /> : null}
        <Text size="xs" c="gray.7">
          Domains and databases change through requests (or a provider sync), not here.
        </Text>
        <SaveError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save environment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RegisterDrawer({ onClose, onSaved }: { onClose: () => void; onSaved: (env: Environment) => void }) {
  const client = useQueryClient();
  const providers = useProviders();
  const kinds = useQuery({
    queryKey: ['admin', 'connection-kinds'],
    queryFn: () => api<{ kind: string; role: string }[]>('/api/v1/connections/kinds'),
    staleTime: 300_000,
  });
  const [form, setForm] = useState<EnvForm>(() => emptyEnvForm());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const providerRoles = new Set((kinds.data ?? []).filter((k) => k.role === 'provider').map((k) => k.kind));
  const providerOptions = (providers.data ?? [])
    .filter((connection) => providerRoles.size === 0 || providerRoles.has(connection.kind))
    .map((connection) => ({ value: connection.name, label: `${connection.name} (${connection.kind})` }));
  const providerKind =
    providers.data?.find((connection) => connection.name === form.provider)?.kind ?? form.provider;
  const sandbox = providerKind === 'sandbox';

  const save = useMutation({
    mutationFn: (body: object) => api<Environment>('/api/v1/environments', { method: 'POST', body }),
    onSuccess: async (env) => {
      await client.invalidateQueries({ queryKey: ['admin', 'environments'] });
      onSaved(env);
    },
  });
  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { body, errors: problems } = toCreateBody(form, sandbox);
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate(body);
  };

  return (
    <EditorDrawer onClose={onClose} title="Register an environment">
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              description="Lowercase letters, digits and dashes."
              value={form.name}
              onChange={(event) => {
                const name = event.currentTarget.value;
                setForm((current) => ({ ...current, name }));
              }}
              error={errors.name}
            />
            <Select
              label="Provider"
              required
              data={providerOptions.length ? providerOptions : [{ value: 'sandbox', label: 'sandbox' }]}
              value={form.provider}
              onChange={(provider) => setForm((current) => ({ ...current, provider: provider ?? 'sandbox' }))}
              allowDeselect={false}
              error={errors.provider}
            />
          </SimpleGrid>
          {!sandbox ? (
            <TextInput
              label="External ID"
              description="The provider's own ID of the instance."
              value={form.externalId}
              onChange={(event) => {
                const externalId = event.currentTarget.value;
                setForm((current) => ({ ...current, externalId }));
              }}
              error={errors.externalId}
            />
          ) : null}
          <CommonFields form={form} setForm={setForm} errors={errors} />
          <Textarea
            label="Domains"
            description="One per line."
            autosize
            minRows={2}
            value={form.domains}
            onChange={(event) => {
              const domains = event.currentTarget.value;
              setForm((current) => ({ ...current, domains }));
            }}
            error={Object.entries(errors).find(([key]) => key.startsWith('domains'))?.[1]}
          />
          {sandbox ? (
            <>
              <DatabaseRows form={form} setForm={setForm} errors={errors} />
              <FaultRows form={form} setForm={setForm} errors={errors} />
            </>
          ) : null}
          <SaveError error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Register environment
            </Button>
          </Group>
        </Stack>
      </form>
    </EditorDrawer>
  );
}

type SetForm = React.Dispatch<React.SetStateAction<EnvForm>>;

function CommonFields({
  form,
  setForm,
  errors,
  editing,
}: {
  form: EnvForm;
  setForm: SetForm;
  errors: Record<string, string>;
  editing?: boolean;
}) {
  const text = (key: 'region' | 'url' | 'endDate') => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [key]: value }));
  };
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="State"
          description={editing ? 'Records the state; it does not start or stop the instance.' : undefined}
          data={ENV_STATES.map((value) => ({ value, label: value }))}
          value={form.state}
          onChange={(state) =>
            setForm((current) => ({ ...current, state: (state ?? 'stopped') as EnvForm['state'] }))
          }
          allowDeselect={false}
          error={errors.state}
        />
        <TextInput label="Region" value={form.region} onChange={text('region')} error={errors.region} />
        <TextInput label="URL" type="url" value={form.url} onChange={text('url')} error={errors.url} />
        <TextInput
          label="End date"
          type="date"
          value={form.endDate}
          onChange={text('endDate')}
          error={errors.endDate}
        />
      </SimpleGrid>
      <Switch
        label="Request-only (started on request, stopped when idle)"
        checked={form.requestOnly}
        onChange={(event) => {
          const requestOnly = event.currentTarget.checked;
          setForm((current) => ({ ...current, requestOnly }));
        }}
      />
    </>
  );
}

function DatabaseRows({
  form,
  setForm,
  errors,
}: {
  form: EnvForm;
  setForm: SetForm;
  errors: Record<string, string>;
}) {
  const change = (index: number, patch: Partial<EnvForm['databases'][number]>) =>
    setForm((current) => ({
      ...current,
      databases: current.databases.map((db, i) => (i === index ? { ...db, ...patch } : db)),
    }));
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Text component="legend" fw={600} size="sm">
        Databases (generated with sample rows)
      </Text>
      <Stack gap="xs">
        {form.databases.map((db, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <Group key={index} align="flex-start" gap="xs" wrap="wrap">
            <Select
              label={`Database ${index + 1} engine`}
              data={[...DB_ENGINES]}
              value={db.engine}
              onChange={(engine) => change(index, { engine: engine ?? 'postgres' })}
              allowDeselect={false}
              w={130}
            />
            <TextInput
              label={`Database ${index + 1} name`}
              value={db.name}
              onChange={(event) => change(index, { name: event.currentTarget.value })}
              error={errors[`databases.${index}.name`]}
              w={140}
            />
            <TextInput
              label={`Database ${index + 1} tables`}
              placeholder="orders=1200, customers=800"
              value={db.tables}
              onChange={(event) => change(index, { tables: event.currentTarget.value })}
              error={errors[`databases.${index}.tables`]}
              style={{ flex: 1, minWidth: 180 }}
            />
            <Button
              mt={25}
              variant="subtle"
              color="red"
              aria-label={`Remove database ${index + 1}`}
              onClick={() =>
                setForm((current) => ({
                  ...current,
                  databases: current.databases.filter((_, i) => i !== index),
                }))
              }
            >
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              setForm((current) => ({
                ...current,
                databases: [...current.databases, { engine: 'postgres', name: '', tables: '' }],
              }))
            }
          >
            Add database
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FaultRows({
  form,
  setForm,
  errors,
}: {
  form: EnvForm;
  setForm: SetForm;
  errors: Record<string, string>;
}) {
  const change = (index: number, patch: Partial<EnvForm['faults'][number]>) =>
    setForm((current) => ({
      ...current,
      faults: current.faults.map((fault, i) => (i === index ? { ...fault, ...patch } : fault)),
    }));
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Text component="legend" fw={600} size="sm">
        Injected faults (sandbox testing)
      </Text>
      <Stack gap="xs">
        {form.faults.length === 0 ? (
          <Text size="sm" c="gray.7">
            No faults: every action succeeds.
          </Text>
        ) : null}
        {form.faults.map((fault, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <Group key={index} align="flex-start" gap="xs" wrap="wrap">
            <Select
              label={`Fault ${index + 1} action`}
              data={[...FAULT_ACTIONS]}
              value={fault.action}
              onChange={(action) => change(index, { action: action ?? FAULT_ACTIONS[0] })}
              allowDeselect={false}
              w={190}
            />
            <Select
              label={`Fault ${index + 1} kind`}
              data={[
                { value: 'transient', label: 'transient' },
                { value: 'permanent', label: 'permanent' },
              ]}
              value={fault.kind}
              onChange={(kind) => change(index, { kind: (kind ?? 'transient') as 'transient' | 'permanent' })}
              allowDeselect={false}
              w={130}
            />
            {fault.kind === 'transient' ? (
              <TextInput
                label={`Fault ${index + 1} times`}
                inputMode="numeric"
                placeholder="1"
                value={fault.times}
                onChange={(event) => change(index, { times: event.currentTarget.value })}
                error={errors[`faults.${index}.times`]}
                w={90}
              />
            ) : null}
            <Button
              mt={25}
              variant="subtle"
              color="red"
              aria-label={`Remove fault ${index + 1}`}
              onClick={() =>
                setForm((current) => ({ ...current, faults: current.faults.filter((_, i) => i !== index) }))
              }
            >
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              setForm((current) => ({
                ...current,
                faults: [...current.faults, { action: 'environment.start', kind: 'transient', times: '1' }],
              }))
            }
            disabled={form.faults.length >= 20}
          >
            Add fault
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
