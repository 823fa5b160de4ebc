// The editor of a CI class (a drawer at ?edit=<key>|new): key, name, icon, description and its
// attributes (key, label, type, required, options of a choice) — the request forms' field types.
// A built-in class keeps its own attributes; admins add theirs beside them.
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldDefinition } from '../../../shared/fields';
import type { CiClass } from '../../cmdb/cmdb';
import { cmdbKey } from '../../cmdb/queries';
import { api } from '../../lib/api';
import { EditorDrawer, fieldErrorsOf, SaveError } from '../kit';

const types = ['text', 'longtext', 'number', 'date', 'select', 'multiselect', 'list', 'boolean'] as const;

interface Draft {
  /** The stored definition, kept whole (rules, help) for what this editor does not show. */
  base: Partial<FieldDefinition>;
  key: string;
  label: string;
  type: string;
  required: boolean;
  options: string;
  locked: boolean;
}

const draftOf = (field: FieldDefinition, locked: boolean): Draft => ({
  base: field,
  key: field.key,
  label: field.label,
  type: field.type,
  required: field.required,
  options: (field.options ?? []).map((option) => option.value).join(', '),
  locked,
});

export function definitionOf(draft: Draft): Record<string, unknown> {
  const choice = draft.type === 'select' || draft.type === 'multiselect';
  const options = draft.options
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => ({ value, label: value }));
  const { options: _options, ...base } = draft.base;
  return {
    ...base,
    key: draft.key.trim(),
    label: draft.label.trim(),
    type: draft.type,
    required: draft.required,
    ...(choice ? { options } : {}),
  };
}

export function CiClassDrawer({
  cls,
  isNew,
  onClose,
  onSaved,
}: {
  cls: CiClass | undefined;
  isNew: boolean;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const client = useQueryClient();
  const [key, setKey] = useState(cls?.key ?? '');
  const [name, setName] = useState(cls?.name ?? '');
  const [icon, setIcon] = useState(cls?.icon ?? 'box');
  const [description, setDescription] = useState(cls?.description ?? '');
  const builtInKeys = new Set(cls?.builtIn ? cls.attributes.map((field) => field.key) : []);
  const [drafts, setDrafts] = useState<Draft[]>(
    (cls?.attributes ?? []).map((field) => draftOf(field, builtInKeys.has(field.key))),
  );
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), icon, description, attributes: drafts.map(definitionOf) };
      return isNew
        ? api('/api/v1/ci-classes', 'cmdb.ciClassOut', { method: 'POST', body: { key, ...body } })
        : api(`/api/v1/ci-classes/${cls!.key}`, 'cmdb.ciClassOut', { method: 'PATCH', body });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: cmdbKey });
      onSaved(`Class ${saved.name} saved.`);
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const change = (index: number, patch: Partial<Draft>) =>
    setDrafts((current) => current.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));

  return (
    <EditorDrawer
      size="xl"
      title={isNew ? 'New CI class' : `Class ${cls?.name ?? ''}`}
      onClose={onClose}
      missing={!isNew && !cls ? <Text>There is no such class.</Text> : null}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Group grow align="flex-start">
            <TextInput
              label="Key"
              required
              disabled={!isNew}
              description="Lowercase letters, digits and _"
              value={key}
              onChange={(event) => setKey(event.currentTarget.value)}
              error={errors.key}
            />
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
            />
            <TextInput
              label="Icon"
              value={icon}
              onChange={(event) => setIcon(event.currentTarget.value)}
              error={errors.icon}
            />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errors.description}
          />
          <Text fw={600}>Attributes</Text>
          {errors.attributes ? (
            <Text c="red.8" size="sm" role="alert">
              {errors.attributes}
            </Text>
          ) : null}
          {drafts.map((draft, index) => {
            const error = (field: string) => errors[`attributes.${index}.${field}`];
            const label = draft.label || draft.key || `Attribute ${index + 1}`;
            return (
              <Group key={`attribute-${index.toString()}`} align="flex-start" wrap="nowrap" gap="xs">
                <TextInput
                  label="Key"
                  aria-label={`Key of ${label}`}
                  disabled={draft.locked}
                  value={draft.key}
                  onChange={(event) => change(index, { key: event.currentTarget.value })}
                  error={error('key')}
                  w={150}
                />
                <TextInput
                  label="Label"
                  aria-label={`Label of ${label}`}
                  value={draft.label}
                  onChange={(event) => change(index, { label: event.currentTarget.value })}
                  error={error('label')}
                  w={180}
                />
                <NativeSelect
                  label="Type"
                  aria-label={`Type of ${label}`}
                  disabled={draft.locked}
                  value={draft.type}
                  data={[...types]}
                  onChange={(event) => change(index, { type: event.currentTarget.value })}
                  error={error('type')}
                  w={130}
                />
                <TextInput
                  label="Options"
                  aria-label={`Options of ${label}`}
                  placeholder="a, b, c"
                  disabled={draft.type !== 'select' && draft.type !== 'multiselect'}
                  value={draft.options}
                  onChange={(event) => change(index, { options: event.currentTarget.value })}
                  error={error('options')}
                  w={170}
                />
                <Checkbox
                  mt={30}
                  label="Required"
                  checked={draft.required}
                  onChange={(event) => change(index, { required: event.currentTarget.checked })}
                />
                <ActionIcon
                  mt={28}
                  variant="subtle"
                  color="red"
                  disabled={draft.locked}
                  aria-label={`Remove ${label}`}
                  onClick={() => setDrafts((current) => current.filter((_, at) => at !== index))}
                >
                  ×
                </ActionIcon>
              </Group>
            );
          })}
          <Group>
            <Button
              variant="light"
              onClick={() =>
                setDrafts((current) => [
                  ...current,
                  { base: {}, key: '', label: '', type: 'text', required: false, options: '', locked: false },
                ])
              }
            >
              Add attribute
            </Button>
          </Group>
          <SaveError error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {isNew ? 'Create class' : 'Save class'}
            </Button>
          </Group>
        </Stack>
      </form>
    </EditorDrawer>
  );
}
