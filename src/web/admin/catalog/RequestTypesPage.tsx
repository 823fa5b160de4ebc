// /admin/request-types: the catalog by category (key, name, workflow, active), new request types
// and categories. The filter lives in the URL (?q=).
import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/States';
import { ApiError, api } from '../../lib/api';
import { serverProblems } from './editorState';
import { refreshCatalog, useAdminCatalog, useWorkflows } from './queries';
import type { Category, RequestTypeAdmin } from './types';

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

export default function RequestTypesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  // Inactive request types too (requesters do not see them), each with its state and workflow.
  const catalog = useAdminCatalog();
  const [creating, setCreating] = useState(false);
  const [categoryEdit, setCategoryEdit] = useState<Category | 'new' | null>(null);

  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (text: string) => words.every((word) => text.toLowerCase().includes(word));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Title order={1}>Request types</Title>
          <Text c="gray.7" size="sm">
            The catalog by category, inactive request types included (requesters do not see those). Open a
            request type to edit its form.
          </Text>
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={() => setCategoryEdit('new')}>
            New category
          </Button>
          <Button onClick={() => setCreating(true)} disabled={!catalog.data}>
            New request type
          </Button>
        </Group>
      </Group>
      <TextInput
        label="Filter request types"
        placeholder="Name or key"
        value={q}
        maw={360}
        onChange={(event) => {
          const next = new URLSearchParams(params);
          if (event.currentTarget.value) next.set('q', event.currentTarget.value);
          else next.delete('q');
          setParams(next, { replace: true });
        }}
      />
      {catalog.isPending ? (
        <LoadingBlock rows={6} height={40} />
      ) : catalog.error ? (
        <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
      ) : catalog.data.length === 0 ? (
        <EmptyState title="No categories yet">Create a category, then add request types to it.</EmptyState>
      ) : (
        catalog.data.map((category) => {
          const types = category.requestTypes.filter((type) => matches(`${type.name} ${type.key}`));
          if (words.length > 0 && types.length === 0) return null;
          return (
            <Card
              key={category.key}
              withBorder
              padding="md"
              component="section"
              aria-labelledby={`cat-${category.key}`}
            >
              <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Title order={2} size="h3" id={`cat-${category.key}`}>
                    {category.name}
                  </Title>
                  {category.description ? (
                    <Text size="sm" c="gray.7">
                      {category.description}
                    </Text>
                  ) : null}
                </Stack>
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => setCategoryEdit(category)}
                  aria-label={`Edit category ${category.name}`}
                >
                  Edit
                </Button>
              </Group>
              {types.length === 0 ? (
                <Text size="sm" c="gray.7">
                  No request types in this category.
                </Text>
              ) : (
                <>
                  <Stack
                    gap="xs"
                    hiddenFrom="sm"
                    component="ul"
                    style={{ listStyle: 'none', padding: 0, margin: 0 }}
                  >
                    {types.map((type) => (
                      <Paper key={type.key} component="li" withBorder p="sm">
                        <Anchor component={Link} to={`/admin/request-types/${type.key}`} fw={600}>
                          {type.name}
                        </Anchor>
                        <Text size="xs" ff="monospace" c="gray.7">
                          {type.key}
                        </Text>
                        <Group gap="xs" mt={4}>
                          <ActiveBadge active={type.active} />
                          <Text size="sm" c="gray.7">
                            {type.fields.length} {type.fields.length === 1 ? 'field' : 'fields'} · workflow{' '}
                            <Anchor component={Link} to={`/admin/workflows/${type.workflow}`} inherit>
                              {type.workflow}
                            </Anchor>
                          </Text>
                        </Group>
                      </Paper>
                    ))}
                  </Stack>
                  <ScrollArea type="auto" visibleFrom="sm">
                    <Table miw={560} verticalSpacing="xs" highlightOnHover>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Name</Table.Th>
                          <Table.Th>Key</Table.Th>
                          <Table.Th>Workflow</Table.Th>
                          <Table.Th ta="right">Fields</Table.Th>
                          <Table.Th>State</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {types.map((type) => (
                          <Table.Tr key={type.key}>
                            <Table.Td>
                              <Anchor component={Link} to={`/admin/request-types/${type.key}`} fw={600}>
                                {type.name}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm" ff="monospace">
                                {type.key}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Anchor component={Link} to={`/admin/workflows/${type.workflow}`} size="sm">
                                {type.workflow}
                              </Anchor>
                            </Table.Td>
                            <Table.Td ta="right">{type.fields.length}</Table.Td>
                            <Table.Td>
                              <ActiveBadge active={type.active} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </ScrollArea>
                </>
              )}
            </Card>
          );
        })
      )}
      {creating && catalog.data ? (
        <NewRequestTypeModal categories={catalog.data} onClose={() => setCreating(false)} />
      ) : null}
      {categoryEdit ? (
        <CategoryModal
          category={categoryEdit === 'new' ? null : categoryEdit}
          onClose={() => setCategoryEdit(null)}
        />
      ) : null}
    </Stack>
  );
}

function ActiveBadge({ active }: { active: boolean }) {
  return (
    <Badge variant="light" color={active ? 'green' : 'gray'}>
      {active ? 'Active' : 'Inactive'}
    </Badge>
  );
}

function NewRequestTypeModal({ categories, onClose }: { categories: Category[]; onClose: () => void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const workflows = useWorkflows();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [category, setCategory] = useState<string | null>(categories[0]?.key ?? null);
  const [workflow, setWorkflow] = useState<string | null>('fulfilment');
  const [active, setActive] = useState(true);
  const effectiveKey = keyTouched ? key : slug(name);
  const create = useMutation({
    mutationFn: () =>
      api<RequestTypeAdmin>('/api/v1/catalog/request-types', {
        method: 'POST',
        body: {
          key: effectiveKey,
          name: name.trim(),
          category,
          workflow: workflow ?? undefined,
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
    if (!name.trim() || !effectiveKey || keyProblem || !category) return;
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
            label="Workflow"
            data={(workflows.data ?? [{ key: 'fulfilment', name: 'fulfilment' }]).map((item) => ({
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
            It starts with no fields and no approval; you edit its form, approval and fulfilment next.
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
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !effectiveKey}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CategoryModal({ category, onClose }: { category: Category | null; onClose: () => void }) {
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
        ? api<Category>(`/api/v1/catalog/categories/${category.key}`, { method: 'PATCH', body })
        : api<Category>('/api/v1/catalog/categories', {
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
