// Registering an environment (?new=1): name, provider, and for the sandbox generated databases and
// injected faults.
import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../kit';
import { CommonFields, DatabaseRows, FaultRows } from './EnvironmentFields';
import { type EnvForm, type Environment, emptyEnvForm, toCreateBody } from './envForm';

function useProviders() {
  return useQuery({
    queryKey: ['admin', 'connections'],
    queryFn: () => api('/api/v1/connections', 'inventory.connectionListOut'),
    select: (connections) => connections,
  });
}

export function RegisterDrawer({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (env: Environment) => void;
}) {
  const client = useQueryClient();
  const providers = useProviders();
  const kinds = useQuery({
    queryKey: ['admin', 'connection-kinds'],
    queryFn: () => api('/api/v1/connections/kinds', 'inventory.connectionKindListOut'),
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
    mutationFn: (body: object) =>
      api('/api/v1/environments', 'inventory.environmentOut', { method: 'POST', body }),
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
