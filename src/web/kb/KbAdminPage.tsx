// Every article for the people who write them: status, audience, owner, helpfulness, review date.
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { percent } from './kb';

const statuses = ['all', 'draft', 'published', 'retired'] as const;

export default function KbAdminPage() {
  const [status, setStatus] = useState<(typeof statuses)[number]>('all');
  const articles = useQuery({
    queryKey: ['kb', 'articles', status],
    queryFn: () =>
      api('/api/v1/kb/articles', 'kb.kbArticleListOut', {
        query: { limit: 200, ...(status === 'all' ? {} : { status }) },
      }),
  });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Articles</Title>
        <Group gap="xs">
          <Button component={Link} to="/kb/deflection" variant="subtle">
            Deflection report
          </Button>
          <Button component={Link} to="/kb/edit/new">
            New article
          </Button>
        </Group>
      </Group>
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(value) => setStatus(value as (typeof statuses)[number])}
        data={statuses.map((value) => ({ value, label: value === 'all' ? 'All' : value }))}
      />
      {articles.isPending ? (
        <LoadingBlock />
      ) : articles.isError ? (
        <ErrorState error={articles.error} onRetry={() => articles.refetch()} />
      ) : articles.data.length === 0 ? (
        <EmptyState title="No articles yet">Write the first one.</EmptyState>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Audience</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Helpful</Table.Th>
              <Table.Th>Review by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {articles.data.map((article) => {
              const votes = article.helpful + article.unhelpful;
              return (
                <Table.Tr key={article.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/kb/edit/${article.id}`}>
                      {article.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={article.status === 'published' ? 'green' : 'gray'}>
                      {article.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{article.audience}</Table.Td>
                  <Table.Td>{article.category?.name ?? '—'}</Table.Td>
                  <Table.Td>{article.owner?.displayName ?? '—'}</Table.Td>
                  <Table.Td>{votes ? `${percent(article.helpful / votes)} of ${votes}` : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={article.reviewBy && article.reviewBy < today ? 'red.8' : undefined}>
                      {article.reviewBy ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
