// /admin/connections — provider and automation connections, with a form generated from each kind's
// settings schema (?new=<kind>, ?edit=<name>), inventory sync, and the webhook delivery log with replay.
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Paper,
  PasswordInput,
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
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime, timeAgo } from '../../lib/format';
import { EditorDrawer, errorText, fieldErrorsOf, Saved, SaveError, useUrlParam } from '../sla/adminKit';
import {
  buildConfig,
  type ConnectionKind,
  type FormValues,
  initialValues,
  type SettingField,
  settingFields,
} from './kindSettings';

interface Connection {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

interface Delivery {
  id: number;
  runId: string;
  deliveryId: string;
  attempt: number;
  url: string;
  requestBody: string;
  startedAt: string;
  durationMs: number;
  outcome: Record<string, unknown>;
}

const useKinds = () =>
  useQuery({
    queryKey: ['admin', 'connection-kinds'],
    queryFn: () => api<ConnectionKind[]>('/api/v1/connections/kinds'),
    staleTime: 300_000,
  });

export default function ConnectionsPage() {
  const kinds = useKinds();
  const connections = useQuery({
    queryKey: ['admin', 'connections'],
    queryFn: () => api<Connection[]>('/api/v1/connections'),
  });
  const [creating, setCreating] = useUrlParam('new');
  const [editing, setEditing] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const kindOf = (kind: string) => kinds.data?.find((k) => k.kind === kind);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Providers and connections</Title>
          <Text size="sm" c="gray.7">
            Where environments come from (providers) and what fulfils requests (executors).
          </Text>
        </div>
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
      </Group>
      {saved ? <Saved>{saved}</Saved> : null}
      {connections.isPending || kinds.isPending ? (
        <LoadingBlock rows={2} height={120} />
      ) : connections.isError || kinds.isError ? (
        <ErrorState
          error={connections.error ?? kinds.error}
          onRetry={() => {
            connections.refetch();
            kinds.refetch();
          }}
        />
      ) : connections.data.length === 0 ? (
        <EmptyState title="No connections">Add a provider to discover environments.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {connections.data.map((connection) => (
            <ConnectionCard
              key={connection.name}
              connection={connection}
              kind={kindOf(connection.kind)}
              onEdit={() => setEditing(connection.name)}
            />
          ))}
        </SimpleGrid>
      )}
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

function ConnectionCard({
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
      api<{ queued: boolean }>(`/api/v1/connections/${encodeURIComponent(connection.name)}/sync`, {
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

function ConnectionDrawer({
  kind,
  existing,
  loading,
  missing,
  onClose,
  onSaved,
}: {
  kind: ConnectionKind | undefined;
  existing: Connection | undefined;
  loading: boolean;
  missing: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  return (
    <EditorDrawer
      onClose={onClose}
      title={existing ? `Edit connection ${existing.name}` : `New ${kind?.title ?? ''} connection`}
    >
      {loading ? (
        <LoadingBlock rows={5} height={48} />
      ) : !kind ? (
        <EmptyState title="Not found">{missing}</EmptyState>
      ) : (
        <ConnectionForm kind={kind} existing={existing} onClose={onClose} onSaved={onSaved} />
      )}
    </EditorDrawer>
  );
}

function ConnectionForm({
  kind,
  existing,
  onClose,
  onSaved,
}: {
  kind: ConnectionKind;
  existing: Connection | undefined;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const client = useQueryClient();
  const fields = useMemo(() => settingFields(kind), [kind]);
  const [name, setName] = useState(existing?.name ?? '');
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, existing?.config));
  const [replace, setReplace] = useState<Set<string>>(new Set());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (config: Record<string, unknown>) =>
      existing
        ? api<Connection>(`/api/v1/connections/${encodeURIComponent(existing.name)}`, {
            method: 'PATCH',
            body: { config },
          })
        : api<Connection>('/api/v1/connections', { method: 'POST', body: { name, kind: kind.kind, config } }),
    onSuccess: async (connection) => {
      await client.invalidateQueries({ queryKey: ['admin', 'connections'] });
      onSaved(`Connection ${connection.name} ${existing ? 'saved' : 'added'}.`);
    },
  });
  const serverErrors = fieldErrorsOf(save.error, 'config.');
  const errors = { ...serverErrors, ...localErrors };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const { config, errors: problems } = buildConfig(fields, values, {
      mode: existing ? 'edit' : 'create',
      replace,
      stored: existing?.config,
    });
    if (!existing && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name))
      problems.name = 'Lowercase letters, digits and dashes, up to 63.';
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate(config);
  };

  // Fields in order, nested groups and secrets together.
  const sections: { root: string; group: string | null; secret: boolean; fields: SettingField[] }[] = [];
  for (const field of fields) {
    const last = sections.at(-1);
    if (last && last.root === field.root) last.fields.push(field);
    else sections.push({ root: field.root, group: field.group, secret: field.secret, fields: [field] });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="gray.7">
          {kind.title}
        </Text>
        <TextInput
          label="Connection name"
          required
          disabled={Boolean(existing)}
          description="Request types and environments refer to it by this name."
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
        />
        {fields.length === 0 ? <Text size="sm">This kind has no settings.</Text> : null}
        {sections.map((section) => {
          const isSet = existing?.secretsSet.includes(section.root) ?? false;
          const locked = section.secret && Boolean(existing) && !replace.has(section.root);
          const body = locked ? (
            <Text size="sm">{isSet ? 'Set (hidden).' : 'Not set.'}</Text>
          ) : (
            section.fields.map((field) => (
              <SettingInput
                key={field.path}
                field={field}
                value={values[field.path] ?? ''}
                error={errors[field.path]}
                onChange={(value) => setValues((current) => ({ ...current, [field.path]: value }))}
              />
            ))
          );
          const replaceToggle =
            section.secret && existing ? (
              <Switch
                label={
                  isSet
                    ? `Replace ${section.group ?? section.fields[0]!.label}`
                    : `Set ${section.group ?? section.fields[0]!.label}`
                }
                checked={replace.has(section.root)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  setReplace((current) => {
                    const next = new Set(current);
                    if (on) next.add(section.root);
                    else next.delete(section.root);
                    return next;
                  });
                }}
              />
            ) : null;
          if (section.group || section.secret)
            return (
              <Paper key={section.root} withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
                <Text component="legend" fw={600} size="sm">
                  {section.group ?? section.fields[0]!.label}
                  {section.secret ? ' (secret, write-only)' : ''}
                </Text>
                <Stack gap="xs">
                  {replaceToggle}
                  {body}
                  {section.group && errors[section.root] ? (
                    <Text size="sm" c="red.8" role="alert">
                      {errors[section.root]}
                    </Text>
                  ) : null}
                </Stack>
              </Paper>
            );
          return <div key={section.root}>{body}</div>;
        })}
        <SaveError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {existing ? 'Save connection' : 'Add connection'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SettingInput({
  field,
  value,
  error,
  onChange,
}: {
  field: SettingField;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const common = {
    label: field.label,
    description: field.hint || undefined,
    required: field.required,
    error,
  };
  if (field.kind === 'boolean')
    return (
      <Switch
        label={field.label}
        description={common.description}
        checked={value === true}
        onChange={(event) => onChange(event.currentTarget.checked)}
        error={error}
      />
    );
  if (field.kind === 'select')
    return (
      <Select
        {...common}
        data={field.options ?? []}
        value={String(value) || null}
        onChange={(next) => onChange(next ?? '')}
        clearable={!field.required}
      />
    );
  if (field.kind === 'list')
    return field.secret ? (
      <Textarea
        {...common}
        autosize
        minRows={2}
        value={String(value)}
        onChange={(event) => onChange(event.currentTarget.value)}
        autoComplete="off"
        styles={{ input: { WebkitTextSecurity: 'disc' } as React.CSSProperties }}
      />
    ) : (
      <Textarea
        {...common}
        autosize
        minRows={2}
        value={String(value)}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  if (field.secret)
    return (
      <PasswordInput
        {...common}
        autoComplete="new-password"
        value={String(value)}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  return (
    <TextInput
      {...common}
      type={field.kind === 'url' ? 'url' : 'text'}
      inputMode={field.kind === 'integer' || field.kind === 'number' ? 'numeric' : undefined}
      placeholder={
        field.defaultValue !== undefined && typeof field.defaultValue !== 'object'
          ? String(field.defaultValue)
          : undefined
      }
      value={String(value)}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

function Deliveries() {
  const client = useQueryClient();
  const deliveries = useQuery({
    queryKey: ['admin', 'deliveries'],
    queryFn: () => api<Delivery[]>('/api/v1/fulfilment/deliveries', { query: { limit: 50 } }),
  });
  const [replayed, setReplayed] = useState<{ from: number; to: Delivery } | null>(null);
  const replay = useMutation({
    mutationFn: (id: number) =>
      api<Delivery>(`/api/v1/fulfilment/deliveries/${id}/replay`, { method: 'POST', body: {} }),
    onSuccess: async (delivery, id) => {
      setReplayed({ from: id, to: delivery });
      await client.invalidateQueries({ queryKey: ['admin', 'deliveries'] });
    },
  });
  const outcomeText = (outcome: Record<string, unknown>) => {
    const status = outcome.status ?? outcome.httpStatus ?? outcome.code;
    const ok = outcome.ok ?? (typeof status === 'number' ? status < 300 : undefined);
    return {
      ok,
      text:
        [status, outcome.error ?? outcome.message].filter((x) => x !== undefined).join(' ') ||
        JSON.stringify(outcome),
    };
  };

  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Recent fulfilment deliveries
        </Title>
        <Button
          size="xs"
          variant="default"
          onClick={() => deliveries.refetch()}
          loading={deliveries.isFetching}
        >
          Refresh
        </Button>
      </Group>
      <Text size="sm" c="gray.7">
        Webhook calls to your automation, newest first. Replay sends the same content again to the URL
        configured now.
      </Text>
      {replayed ? (
        <Saved>
          Delivery {replayed.from} replayed as {replayed.to.deliveryId} (
          {outcomeText(replayed.to.outcome).text}).
        </Saved>
      ) : null}
      {replay.isError ? (
        <Alert color="red" role="alert">
          <Text size="sm">Replay failed: {errorText(replay.error)}</Text>
        </Alert>
      ) : null}
      {deliveries.isPending ? (
        <LoadingBlock rows={3} />
      ) : deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => deliveries.refetch()} />
      ) : deliveries.data.length === 0 ? (
        <EmptyState title="No deliveries yet">
          They appear when a request type fulfils through a webhook.
        </EmptyState>
      ) : (
        <ScrollArea type="auto">
          <Table striped miw={760} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Delivery</Table.Th>
                <Table.Th>URL</Table.Th>
                <Table.Th>Attempt</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Took</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.map((delivery) => {
                const outcome = outcomeText(delivery.outcome);
                return (
                  <Table.Tr key={delivery.id}>
                    <Table.Td title={dateTime(delivery.startedAt)}>{timeAgo(delivery.startedAt)}</Table.Td>
                    <Table.Td>
                      <Code>{delivery.deliveryId}</Code>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{delivery.url}</Table.Td>
                    <Table.Td>{delivery.attempt}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        radius="sm"
                        color={outcome.ok === false ? 'red' : outcome.ok ? 'green' : 'gray'}
                        tt="none"
                      >
                        {outcome.text.slice(0, 60)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{delivery.durationMs} ms</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        loading={replay.isPending && replay.variables === delivery.id}
                        onClick={() => replay.mutate(delivery.id)}
                        aria-label={`Replay delivery ${delivery.deliveryId}`}
                      >
                        Replay
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
