// /admin/request-types: the catalog by category (key, name, workflow, active), new request types
// and categories (CatalogModals.tsx). The filter lives in the URL (?q=).
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/States';
import { AdminPageHeader, QueryBlock } from '../kit';
import { CategoryModal, NewRequestTypeModal } from './CatalogModals';
import { CategorySection } from './CategorySection';
import { useAdminCatalog } from './queries';
import type { Category } from './types';

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
      <AdminPageHeader
        title="Request types"
        description="The catalog by category, inactive request types included (requesters do not see those). Open a request type to edit its form."
        action={
          <Group gap="xs">
            <Button variant="default" onClick={() => setCategoryEdit('new')}>
              New category
            </Button>
            <Button onClick={() => setCreating(true)} disabled={!catalog.data}>
              New request type
            </Button>
          </Group>
        }
      />
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
      <QueryBlock
        query={catalog}
        rows={6}
        height={40}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState title="No categories yet">Create a category, then add request types to it.</EmptyState>
        }
      >
        {(data) =>
          data.map((category) => {
            const types = category.requestTypes.filter((type) => matches(`${type.name} ${type.key}`));
            if (words.length > 0 && types.length === 0) return null;
            return (
              <CategorySection
                key={category.key}
                category={category}
                types={types}
                onEdit={() => setCategoryEdit(category)}
              />
            );
          })
        }
      </QueryBlock>
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
