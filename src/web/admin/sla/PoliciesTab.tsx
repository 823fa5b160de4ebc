// SLA policies: a list (cards, so it reads the same on a phone) and an editor in a drawer at
// ?edit=<key>|new. Goals are typed as durations in words; triggers are picked from the workflow's statuses.
import {
  Badge,
  Button,
  Card,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { api } from '../../lib/api';
import { EditorActions, EditorDrawer, fieldErrorsOf, Saved, useUrlParam } from './adminKit';
import { slaKeys, useCalendars, usePolicies, useRequestTypes, useStatuses } from './slaData';
import {
  type ApiPolicy,
  describeTrigger,
  emptyMetric,
  formatDuration,
  formToPolicy,
  type MetricForm,
  type PolicyForm,
  parseDuration,
  policyToForm,
  triggerOptions,
} from './slaForm';

export function PoliciesTab() {
  const policies = usePolicies();
  const statuses = useStatuses();
  const [edit, setEdit] = useUrlParam('edit');
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const names = Object.fromEntries((statuses.data ?? []).map((status) => [status.key, status.name]));

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7">
          A policy measures the request types it lists; each metric is one clock with a goal.
        </Text>
        <Button onClick={() => setEdit('new')}>New policy</Button>
      </Group>
      {savedKey ? <Saved>Policy {savedKey} saved; its tickets are being re-measured.</Saved> : null}
      {policies.isPending ? (
        <LoadingBlock rows={4} height={120} />
      ) : policies.isError ? (
        <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState title="No SLA policies yet">
          Create one to measure a request type against a goal.
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {policies.data.map((policy) => (
            <Card key={policy.key} withBorder padding="md">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Title order={2} size="h4">
                      {policy.name}
                    </Title>
                    <Text size="xs" c="gray.7" ff="monospace">
                      {policy.key} · version {policy.version}
                    </Text>
                  </div>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setEdit(policy.key)}
                    aria-label={`Edit ${policy.name}`}
                  >
                    Edit
                  </Button>
                </Group>
                <Group gap={4}>
                  {policy.requestTypes.length ? (
                    policy.requestTypes.map((type) => (
                      <Badge key={type} variant="light" color="gray" radius="sm" tt="none">
                        {type}
                      </Badge>
                    ))
                  ) : (
                    <Text size="sm" c="gray.7">
                      Applies to no request type
                    </Text>
                  )}
                </Group>
                {policy.metrics.map((metric) => (
                  <Paper key={metric.key} withBorder p="xs" radius="sm">
                    <Group justify="space-between" gap="xs">
                      <Text size="sm" fw={600}>
                        {metric.name}
                      </Text>
                      <Text size="sm">
                        {metric.goalSeconds
                          ? `Goal ${formatDuration(metric.goalSeconds)}`
                          : 'Measured, no goal'}
                      </Text>
                    </Group>
                    <Text size="xs" c="gray.7">
                      {describeMetric(metric, names)}
                    </Text>
                  </Paper>
                ))}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {edit ? (
        <PolicyEditor
          key={edit}
          policyKey={edit === 'new' ? null : edit}
          policies={policies.data}
          onClose={() => setEdit(null)}
          onSaved={(key) => {
            setSavedKey(key);
            setEdit(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function describeMetric(metric: ApiPolicy['metrics'][number], names: Record<string, string>): string {
  const parts = [`Starts when ${metric.start.map((t) => describeTrigger(t, names)).join(' or ')}`];
  if (metric.stop.length)
    parts.push(`stops when ${metric.stop.map((t) => describeTrigger(t, names)).join(' or ')}`);
  if (metric.pause.length)
    parts.push(`paused while ${metric.pause.map((p) => names[p.whileIn] ?? p.whileIn).join(' or ')}`);
  if (metric.goalSeconds) parts.push(`warns at ${Math.round(metric.warnAtShare * 100)} %`);
  parts.push(`calendar ${metric.calendar}`);
  return `${parts.join('; ')}.`;
}

function PolicyEditor({
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
    >
      {loading ? (
        <LoadingBlock rows={6} height={48} />
      ) : policyKey && !existing ? (
        <EmptyState title="No such policy">There is no SLA policy {policyKey}.</EmptyState>
      ) : (
        <PolicyFormView initial={existing} onSaved={onSaved} onClose={onClose} />
      )}
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
      api<ApiPolicy>(`/api/v1/sla/policies/${encodeURIComponent(form.key)}`, { method: 'PUT', body }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['admin', 'sla'] });
      onSaved(saved.key);
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/sla/policies/${encodeURIComponent(form.key)}`, { method: 'DELETE' }),
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
        {form.metrics.map((metric, index) => {
          const at = `metrics.${index}`;
          const seconds = parseDuration(metric.goal);
          return (
            <Paper key={metric.id} withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
              <Stack gap="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Text component="legend" fw={600} size="sm">
                    Metric {index + 1}: {metric.name || 'unnamed'}
                  </Text>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    disabled={form.metrics.length === 1}
                    onClick={() => update({ metrics: form.metrics.filter((m) => m.id !== metric.id) })}
                  >
                    Remove metric
                  </Button>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label="Metric name"
                    required
                    value={metric.name}
                    onChange={(event) => updateMetric(metric.id, { name: event.currentTarget.value })}
                    error={errors[`${at}.name`]}
                  />
                  <TextInput
                    label="Metric key"
                    required
                    value={metric.key}
                    onChange={(event) => updateMetric(metric.id, { key: event.currentTarget.value })}
                    error={errors[`${at}.key`]}
                  />
                  <TextInput
                    label="Goal"
                    placeholder="e.g. 8 min 45 s, 6 h 21 min, 6:21:00"
                    description={
                      metric.goal.trim()
                        ? seconds
                          ? `= ${formatDuration(seconds)} (${seconds} s)`
                          : 'Not a duration yet'
                        : 'Empty: measured without a goal'
                    }
                    value={metric.goal}
                    onChange={(event) => updateMetric(metric.id, { goal: event.currentTarget.value })}
                    error={errors[`${at}.goalSeconds`]}
                  />
                  <NumberInput
                    label="Warn at (% of the goal)"
                    min={1}
                    max={100}
                    suffix=" %"
                    value={metric.warnPercent}
                    onChange={(value) => updateMetric(metric.id, { warnPercent: Number(value) || 0 })}
                    error={errors[`${at}.warnAtShare`]}
                  />
                </SimpleGrid>
                <MultiSelect
                  label="Clock starts when"
                  data={options}
                  value={metric.start}
                  onChange={(start) => updateMetric(metric.id, { start })}
                  searchable
                  error={errors[`${at}.start`]}
                />
                <MultiSelect
                  label="Clock stops when"
                  data={options}
                  value={metric.stop}
                  onChange={(stop) => updateMetric(metric.id, { stop })}
                  searchable
                  error={errors[`${at}.stop`]}
                />
                <MultiSelect
                  label="Clock pauses while in"
                  data={statusOptions}
                  value={metric.pause}
                  onChange={(pause) => updateMetric(metric.id, { pause })}
                  searchable
                  error={errors[`${at}.pause`]}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="Calendar"
                    data={
                      calendarOptions.length ? calendarOptions : [{ value: '24x7', label: '24×7 (24x7)' }]
                    }
                    value={metric.calendar}
                    onChange={(calendar) => updateMetric(metric.id, { calendar: calendar ?? '24x7' })}
                    allowDeselect={false}
                    error={errors[`${at}.calendar`]}
                  />
                  <div>
                    <Text size="sm" fw={500} id={`${metric.id}-restart`}>
                      When the ticket is reopened
                    </Text>
                    <SegmentedControl
                      aria-labelledby={`${metric.id}-restart`}
                      fullWidth
                      value={metric.onRestart}
                      onChange={(value) =>
                        updateMetric(metric.id, { onRestart: value as MetricForm['onRestart'] })
                      }
                      data={[
                        { value: 'continue', label: 'Continue the clock' },
                        { value: 'new_cycle', label: 'Start a new cycle' },
                      ]}
                    />
                  </div>
                </SimpleGrid>
              </Stack>
            </Paper>
          );
        })}
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
