// The editor of a connection (a drawer): its name and the settings of its kind, as a form generated
// from the kind's JSON Schema; secrets are write-only (kept unless replaced).
import {
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Wire } from '../../../shared/api/common';
import type { connectionOut } from '../../../shared/api/inventory';
import { EmptyState } from '../../components/States';
import { api } from '../../lib/api';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../kit';
import {
  buildConfig,
  type ConnectionKind,
  type FormValues,
  initialValues,
  type SettingField,
  settingFields,
} from './kindSettings';

type Connection = Wire<typeof connectionOut>;

export function ConnectionDrawer({
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
      loading={loading}
      missing={!kind ? <EmptyState title="Not found">{missing}</EmptyState> : null}
    >
      {kind ? <ConnectionForm kind={kind} existing={existing} onClose={onClose} onSaved={onSaved} /> : null}
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
        ? api(`/api/v1/connections/${encodeURIComponent(existing.name)}`, 'inventory.connectionOut', {
            method: 'PATCH',
            body: { config },
          })
        : api('/api/v1/connections', 'inventory.connectionOut', {
            method: 'POST',
            body: { name, kind: kind.kind, config },
          }),
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
