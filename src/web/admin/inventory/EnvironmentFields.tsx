// The fields of the environment forms: state, request-only, region, URL, end date; the sandbox's
// databases (engine, name, tables with row counts) and injected faults.
import { Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { DateField } from '../../components/DateField';
import { DB_ENGINES, ENV_STATES, type EnvForm, FAULT_ACTIONS } from './envForm';

type SetForm = React.Dispatch<React.SetStateAction<EnvForm>>;

export function CommonFields({
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
  const text = (key: 'region' | 'url') => (event: React.ChangeEvent<HTMLInputElement>) => {
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
        <DateField
          label="End date"
          value={form.endDate}
          onChange={(endDate) => setForm((current) => ({ ...current, endDate }))}
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

export function DatabaseRows({
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

export function FaultRows({
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
