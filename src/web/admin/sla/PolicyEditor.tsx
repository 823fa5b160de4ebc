// The editor of an SLA policy (a drawer): name, key, request types and its metrics, goals typed as
// durations in words, triggers picked from the workflows' statuses.
import {
  Button,
  Divider,
  Group,
  MultiSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { EditorActions, EditorDrawer, fieldErrorsOf } from '../kit';
import { MetricFields } from './MetricFields';
import { slaKeys, useCalendars, useRequestTypes, useStatuses } from './slaData';
import {
  type ApiPolicy,
  emptyMetric,
  formToPolicy,
  type MetricForm,
  type PolicyForm,
  policyToForm,
  triggerOptions,
} from './slaForm';

export function PolicyEditor({
  policyKey,
  policies,
  onClose,
  onSaved,
}: {
  policyKey: string | null;
  policies: ApiPolicy[] | undefined;
  onClose: () => void;
  onSaved: (key: string) => void;
}) {
  const existing = policyKey ? policies?.find((policy) => policy.key === policyKey) : undefined;
  const loading = policyKey !== null && policies === undefined;
  return (
    <EditorDrawer
      size="xl"
      onClose={onClose}
      title={policyKey ? `Edit policy ${existing?.name ?? policyKey}` : 'New SLA policy'}
      loading={loading}
      missing={
        policyKey && !existing ? (
          <EmptyState title="No such policy">There is no SLA policy {policyKey}.</EmptyState>
        ) : null
      }
    >
      <PolicyFormView initial={existing} onSaved={onSaved} onClose={onClose} />
    </EditorDrawer>
  );
}

function PolicyFormView({
  initial,
  onSaved,
  onClose,
}: {
  initial: ApiPolicy | undefined;
  onSaved: (key: string) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const calendars = useCalendars();
  const requestTypes = useRequestTypes();
  const statuses = useStatuses();
  const [form, setForm] = useState<PolicyForm>(() => policyToForm(initial));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: object) =>
      api(`/api/v1/sla/policies/${encodeURIComponent(form.key)}`, 'sla.policyOut', { method: 'PUT', body }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['admin', 'sla'] });
      onSaved(saved.key);
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api(`/api/v1/sla/policies/${encodeURIComponent(form.key)}`, 'common.noContent', { method: 'DELETE' }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin', 'sla'] });
      onClose();
    },
  });

  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const update = (patch: Partial<PolicyForm>) => setForm((current) => ({ ...current, ...patch }));
  const updateMetric = (id: string, patch: Partial<MetricForm>) =>
    setForm((current) => ({
      ...current,
      metrics: current.metrics.map((metric) => (metric.id === id ? { ...metric, ...patch } : metric)),
    }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const result = formToPolicy(form);
    if (!result.ok) {
      setLocalErrors(result.errors);
      return;
    }
    if (!initial) {
      // A new key that already exists would silently replace that policy.
      const taken = client
        .getQueryData<ApiPolicy[]>(slaKeys.policies)
        ?.some((policy) => policy.key === form.key);
      if (taken) {
        setLocalErrors({ key: 'A policy with this key exists; edit it instead or pick another key.' });
        return;
      }
    }
    setLocalErrors({});
    save.mutate(result.body);
  };

  const options = triggerOptions(statuses.data ?? []);
  const statusOptions = (statuses.data ?? []).map((status) => ({ value: status.key, label: status.name }));
  const calendarOptions = (calendars.data ?? []).map((entry) => ({
    value: entry.key,
    label: `${entry.calendar.name} (${entry.key})`,
  }));
  const typeOptions = (requestTypes.data ?? []).map((type) => ({
    value: type.key,
    label: `${type.name} (${type.key})`,
  }));
  // Types the policy lists that the catalog does not (inactive ones) stay selectable.
  for (const key of form.requestTypes)
    if (!typeOptions.some((option) => option.value === key)) typeOptions.push({ value: key, label: key });
  const requestTypeError = Object.entries(errors).find(([key]) => key.startsWith('requestTypes'))?.[1];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(event) => update({ name: event.currentTarget.value })}
            error={errors.name}
          />
          <TextInput
            label="Key"
            description="Lowercase letters, digits and underscores; cannot be changed later."
            required
            disabled={Boolean(initial)}
            value={form.key}
            onChange={(event) => update({ key: event.currentTarget.value })}
            error={errors.key}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={form.description}
          onChange={(event) => update({ description: event.currentTarget.value })}
          error={errors.description}
        />
        <MultiSelect
          label="Request types"
          description="The request types this policy measures. Saving re-measures their tickets."
          data={typeOptions}
          value={form.requestTypes}
          onChange={(requestTypes) => update({ requestTypes })}
          searchable
          error={requestTypeError}
          nothingFoundMessage="No request type matches"
        />
        <Divider label="Metrics" labelPosition="left" />
        {errors.metrics ? (
          <Text c="red.8" size="sm" role="alert">
            {errors.metrics}
          </Text>
        ) : null}
        {form.metrics.map((metric, index) => (
          <MetricFields
            key={metric.id}
            metric={metric}
            index={index}
            errors={errors}
            triggers={options}
            statuses={statusOptions}
            calendars={calendarOptions}
            canRemove={form.metrics.length > 1}
            onChange={(patch) => updateMetric(metric.id, patch)}
            onRemove={() => update({ metrics: form.metrics.filter((m) => m.id !== metric.id) })}
          />
        ))}
        <Group>
          <Button
            variant="light"
            onClick={() => update({ metrics: [...form.metrics, { ...emptyMetric(), key: '', name: '' }] })}
            disabled={form.metrics.length >= 20}
          >
            Add metric
          </Button>
        </Group>
        <EditorActions
          noun="policy"
          hasLocalErrors={Object.keys(localErrors).length > 0}
          saveError={save.error}
          saving={save.isPending}
          onCancel={onClose}
          deletion={
            initial
              ? {
                  title: `Delete ${form.name || form.key}?`,
                  busy: remove.isPending,
                  error: remove.error,
                  onConfirm: () => remove.mutate(),
                  explanation:
                    "Its request types stop being measured against these goals. The tickets' history is kept.",
                }
              : undefined
          }
        />
      </Stack>
    </form>
  );
}
