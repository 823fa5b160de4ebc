// New request type (name, key, category, team, workflow, active) and new / edit category, as modals.
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { serverProblems } from './editorState';
import { refreshCatalog, useTeams, useWorkflows } from './queries';
import type { Category } from './types';

const keyPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

function problemsOf(error: unknown): { byField: Record<string, string>; message: string | null } {
  if (!(error instanceof ApiError)) return { byField: {}, message: error ? 'Something went wrong.' : null };
  const byField = serverProblems(error.details, error.message);
  return { byField, message: Object.keys(byField).length ? null : error.message };
}

export function NewRequestTypeModal({
  categories,
  onClose,
}: {
  categories: Category[];
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const workflows = useWorkflows();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [category, setCategory] = useState<string | null>(categories[0]?.key ?? null);
  const teams = useTeams();
  const [team, setTeam] = useState<string | null>(null);
  // The team whose queue holds the requests: chosen by the admin, the first team until then.
  const effectiveTeam = team ?? teams.data?.[0]?.key ?? null;
  // Without a fulfilment action (a new type has none yet) the team works it by hand.
  const [workflow, setWorkflow] = useState<string | null>('manual');
  const [active, setActive] = useState(true);
  const effectiveKey = keyTouched ? key : slug(name);
  const create = useMutation({
    mutationFn: () =>
      api('/api/v1/catalog/request-types', 'catalog.requestTypeAdmin', {
        method: 'POST',
        body: {
          key: effectiveKey,
          name: name.trim(),
          category,
          workflow: workflow ?? undefined,
          team: effectiveTeam,
          fields: [],
          approval: { kind: 'none' },
          active,
        },
      }),
    onSuccess: (created) => {
      refreshCatalog(client);
      client.setQueryData(['admin-request-type', created.key], created);
      navigate(`/admin/request-types/${created.key}`);
    },
  });
  const { byField, message } = problemsOf(create.error);
  const keyProblem =
    effectiveKey && !keyPattern.test(effectiveKey) ? 'lowercase letters, digits and dashes' : byField.key;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !effectiveKey || keyProblem || !category || !effectiveTeam) return;
    create.mutate();
  };
  return (
    <Modal opened onClose={onClose} title="New request type">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={byField.name}
          />
          <TextInput
            label="Key"
            description="Used in links (/portal/catalog/key); cannot be changed later."
            required
            value={effectiveKey}
            onChange={(event) => {
              setKeyTouched(true);
              setKey(event.currentTarget.value);
            }}
            error={keyProblem}
          />
          <Select
            label="Category"
            required
            data={categories.map((item) => ({ value: item.key, label: item.name }))}
            value={category}
            onChange={setCategory}
            error={byField.category}
            allowDeselect={false}
          />
          <Select
            label="Team that handles it"
            description="Its agents see these requests in their queue and work them."
            required
            data={(teams.data ?? []).map((item) => ({ value: item.key, label: item.name }))}
            value={effectiveTeam}
            onChange={setTeam}
            error={
              byField.team ?? (teams.data && teams.data.length === 0 ? 'Create a team first.' : undefined)
            }
            allowDeselect={false}
          />
          <Select
            label="Workflow"
            description="“Request handled by the team” until it has a fulfilment action."
            data={(workflows.data ?? [{ key: 'manual', name: 'manual' }]).map((item) => ({
              value: item.key,
              label: item.name,
            }))}
            value={workflow}
            onChange={setWorkflow}
            error={byField.workflow}
            allowDeselect={false}
          />
          <Checkbox
            label="Active (shown in the portal right away)"
            checked={active}
            onChange={(event) => setActive(event.currentTarget.checked)}
          />
          <Text size="sm" c="gray.7">
            It starts with no fields and no approval; you edit its form, approval and fulfilment next. Adding
            a fulfilment action later switches it to the automated workflow.
          </Text>
          {message ? (
            <Text c="red.8" size="sm" role="alert">
              {message}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name.trim() || !effectiveKey || !effectiveTeam}
            >
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function CategoryModal({ category, onClose }: { category: Category | null; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState(category?.name ?? '');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState(category?.description ?? '');
  const [position, setPosition] = useState<number | ''>('');
  const effectiveKey = category ? category.key : keyTouched ? key : slug(name);
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { name: name.trim(), description };
      if (position !== '') body.position = position;
      return category
        ? api(`/api/v1/catalog/categories/${category.key}`, 'catalog.categoryOut', { method: 'PATCH', body })
        : api('/api/v1/catalog/categories', 'catalog.categoryOut', {
            method: 'POST',
            body: { ...body, key: effectiveKey },
          });
    },
    onSuccess: () => {
      refreshCatalog(client);
      onClose();
    },
  });
  const { byField, message } = problemsOf(save.error);
  const keyProblem =
    !category && effectiveKey && !keyPattern.test(effectiveKey)
      ? 'lowercase letters, digits and dashes'
      : byField.key;
  return (
    <Modal opened onClose={onClose} title={category ? `Edit category ${category.name}` : 'New category'}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() && effectiveKey && !keyProblem) save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={byField.name}
          />
          {category ? null : (
            <TextInput
              label="Key"
              required
              value={effectiveKey}
              onChange={(event) => {
                setKeyTouched(true);
                setKey(event.currentTarget.value);
              }}
              error={keyProblem}
            />
          )}
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={byField.description}
          />
          <NumberInput
            label="Position"
            description="Lower comes first in the portal. Leave empty to keep it."
            allowDecimal={false}
            value={position}
            onChange={(value) => setPosition(typeof value === 'number' ? value : '')}
            error={byField.position}
          />
          {message ? (
            <Text c="red.8" size="sm" role="alert">
              {message}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {category ? 'Save' : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
