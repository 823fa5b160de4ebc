// The editor of a configuration item (a drawer): class (new ones only), name, status, team, tags,
// the class's attributes (the request forms' inputs and rules) and the ticket the change is made
// under (kept in the CI's history). Server problems show on their fields.
import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldValue } from '../../shared/fields';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../admin/kit';
import { api } from '../lib/api';
import { FieldInput } from '../portal/FieldInput';
import { type FormValues, initialValues, splitItems, toPayload } from '../portal/requestForm';
import { type CiClass, type CiDetail, ciStatuses } from './cmdb';
import { cmdbKey } from './queries';

function valuesOf(ci: CiDetail | undefined, cls: CiClass | undefined): FormValues {
  const values = initialValues(cls?.attributes ?? []);
  if (!ci || !cls) return values;
  for (const field of cls.attributes) {
    const value = ci.attributes[field.key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value))
      values[field.key] = field.type === 'list' ? value.join('\n') : value.map(String);
    else values[field.key] = String(value);
  }
  return values;
}

export function NewCiDrawer({
  classes,
  initialClass,
  ci,
  onClose,
  onCreated,
}: {
  classes: CiClass[];
  initialClass?: string;
  /** Given: edit this CI; absent: a new one. */
  ci?: CiDetail;
  onClose: () => void;
  onCreated: (ci: CiDetail) => void;
}) {
  const client = useQueryClient();
  const [classKey, setClassKey] = useState(ci?.class ?? initialClass ?? '');
  const cls = classes.find((entry) => entry.key === classKey);
  const [name, setName] = useState(ci?.name ?? '');
  const [status, setStatus] = useState<string>(ci?.status ?? 'active');
  const [team, setTeam] = useState(ci?.team?.key ?? '');
  const [tags, setTags] = useState(ci?.tags.join(', ') ?? '');
  const [ticket, setTicket] = useState('');
  const [values, setValues] = useState<FormValues>(() => valuesOf(ci, cls));
  const fields = cls?.attributes ?? [];

  const save = useMutation({
    mutationFn: () => {
      const attributes: Record<string, FieldValue | null> = toPayload(fields, values);
      const common = {
        name: name.trim(),
        status,
        team: team.trim() || null,
        tags: splitItems(tags),
        ...(ticket.trim() ? { ticket: ticket.trim().toUpperCase() } : {}),
      };
      if (ci) {
        // A PATCH merges attributes: the ones emptied here are removed (null).
        for (const key of Object.keys(ci.attributes))
          if (!(key in attributes) && fields.some((field) => field.key === key)) attributes[key] = null;
        return api(`/api/v1/cis/${ci.id}`, 'cmdb.ciDetailOut', {
          method: 'PATCH',
          body: { ...common, attributes },
        });
      }
      return api('/api/v1/cis', 'cmdb.ciDetailOut', {
        method: 'POST',
        body: { ...common, class: classKey, attributes },
      });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: cmdbKey });
      onCreated(saved);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const attributeError = (key: string) => errors[`attributes.${key}`] ?? errors[key];

  return (
    <EditorDrawer title={ci ? `Edit ${ci.name}` : 'New configuration item'} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <NativeSelect
            label="Class"
            required
            disabled={Boolean(ci)}
            value={classKey}
            onChange={(event) => {
              const next = classes.find((entry) => entry.key === event.currentTarget.value);
              setClassKey(event.currentTarget.value);
              setValues(initialValues(next?.attributes ?? []));
            }}
            data={[
              { value: '', label: 'Choose…' },
              ...classes.map((entry) => ({ value: entry.key, label: entry.name })),
            ]}
            error={errors.class}
          />
          <TextInput
            label="Name"
            required
            description="Unique within its class."
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
          />
          <Group grow>
            <NativeSelect
              label="Status"
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value)}
              data={[...ciStatuses]}
              error={errors.status}
            />
            <TextInput
              label="Team"
              description="A team key"
              value={team}
              onChange={(event) => setTeam(event.currentTarget.value)}
              error={errors.team}
            />
          </Group>
          <TextInput
            label="Tags"
            description="Separated by commas"
            value={tags}
            onChange={(event) => setTags(event.currentTarget.value)}
            error={errors.tags}
          />
          {fields.length ? (
            <Text fw={600} size="sm">
              {cls?.name} attributes
            </Text>
          ) : null}
          {fields.map((field) => (
            <FieldInput
              key={field.key}
              field={{ ...field, type: field.type === 'environment' ? 'text' : field.type }}
              value={values[field.key] ?? ''}
              error={attributeError(field.key)}
              onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
              onBlur={() => undefined}
            />
          ))}
          <TextInput
            label="Under ticket"
            description="The change, request or incident this is done for (optional), e.g. CHG-12"
            value={ticket}
            onChange={(event) => setTicket(event.currentTarget.value)}
            error={errors.ticket}
            maw={260}
          />
          <SaveError error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!classKey}>
              {ci ? 'Save' : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </EditorDrawer>
  );
}
