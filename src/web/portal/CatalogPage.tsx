// The portal's first page: categories and their request types, searchable (?q=). Light on purpose:
// no form code, no validation library — those load with the request page.
import {
  Anchor,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState } from '../components/States';
import { type Category, catalogQuery, filterCatalog, type RequestType } from './catalog';
import { RequestTypeIcon } from './icons';

export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const catalog = useQuery(catalogQuery);

  const setQ = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set('q', value);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );

  const categories = catalog.data ? filterCatalog(catalog.data, q) : [];

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>Request catalog</Title>
        <Text c="gray.7">
          Pick what you need; your request is checked, approved and fulfilled automatically.
        </Text>
      </Stack>
      <TextInput
        label="Search the catalog"
        placeholder="e.g. domain, database, start"
        type="search"
        value={q}
        onChange={(event) => setQ(event.currentTarget.value)}
        leftSection={<RequestTypeIcon name="search" size={16} />}
        maw={480}
      />
      {catalog.isPending ? (
        <CatalogSkeleton />
      ) : catalog.isError ? (
        <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
      ) : categories.length === 0 ? (
        <EmptyState title={q ? `Nothing in the catalog matches “${q}”` : 'The catalog is empty'}>
          {q
            ? 'Try other words, or clear the search.'
            : 'An administrator has not published any request type yet.'}
        </EmptyState>
      ) : (
        categories.map((category) => <CategorySection key={category.key} category={category} />)
      )}
    </Stack>
  );
}

function CategorySection({ category }: { category: Category }) {
  const headingId = `category-${category.key}`;
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Stack gap={2}>
        <Title order={2} id={headingId} size="h3">
          {category.name}
        </Title>
        {category.description ? <Text c="gray.7">{category.description}</Text> : null}
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {category.requestTypes.map((type) => (
          <RequestTypeCard key={type.key} type={type} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function RequestTypeCard({ type }: { type: RequestType }) {
  const nameId = `request-type-${type.key}`;
  const docs = type.docsUrl;
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={nameId}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" size={40} radius="md" aria-hidden="true">
          <RequestTypeIcon name={type.icon} />
        </ThemeIcon>
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/portal/catalog/${type.key}`} fw={600} id={nameId}>
            {type.name}
          </Anchor>
          <Text size="sm" c="gray.7">
            {type.description}
          </Text>
          {docs ? (
            docs.startsWith('/') ? (
              <Anchor component={Link} to={docs} size="sm" aria-describedby={nameId}>
                Tutorial
              </Anchor>
            ) : (
              <Anchor href={docs} size="sm" target="_blank" rel="noreferrer" aria-describedby={nameId}>
                Tutorial
              </Anchor>
            )
          ) : null}
        </Stack>
      </Group>
    </Card>
  );
}

function CatalogSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading the catalog">
      <Skeleton height={28} width={220} />
      <Skeleton height={20} width="60%" />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {['a', 'b', 'c', 'd'].map((id) => (
          <Skeleton key={id} height={132} radius="md" />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
