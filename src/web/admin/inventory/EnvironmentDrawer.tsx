// One environment in a drawer (?env=<name>): its facts, domains, databases (sandbox: tables and
// rows), injected faults and the tickets naming it; Edit turns it into the form of what may change.
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState } from '../../components/States';
import { api } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../kit';
import { CommonFields, FaultRows } from './EnvironmentFields';
import { EnvironmentTickets } from './EnvironmentTickets';
import { type EnvForm, type Environment, envToForm, toPatchBody } from './envForm';
import { StateBadge } from './StateBadge';

export function EnvironmentDrawer({
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
    queryFn: () => api(`/api/v1/environments/${encodeURIComponent(name)}`, 'inventory.environmentOut'),
  });
  return (
    <EditorDrawer
      onClose={onClose}
      title={`Environment ${name}`}
      loading={env.isPending}
      missing={env.isError ? <ErrorState error={env.error} onRetry={() => env.refetch()} /> : null}
    >
      {!env.data ? null : editing ? (
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
          <EnvironmentTickets name={env.data.name} />
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
      api(`/api/v1/environments/${encodeURIComponent(env.name)}`, 'inventory.environmentOut', {
        method: 'PATCH',
        body,
      }),
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
