// My pages: every page that notified me, the open ones first, each acknowledged with one click.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { ApiError, api } from '../lib/api';
import { timeAgo } from '../lib/format';
import { OncallNav } from './OncallNav';

const statusColour = { triggered: 'red', acknowledged: 'green', exhausted: 'gray' } as const;

export default function PagesPage() {
  const client = useQueryClient();
  const pages = useQuery({
    queryKey: ['oncall', 'pages', 'mine'],
    queryFn: () => api('/api/v1/pages', 'oncall.pagesOut', { query: { mine: 'true' } }),
  });
  const acknowledge = useMutation({
    mutationFn: (id: string) => api(`/api/v1/pages/${id}/acknowledge`, 'oncall.pageOut', { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['oncall', 'pages'] }),
  });
  const sorted = [...(pages.data ?? [])].sort(
    (a, b) => Number(b.status === 'triggered') - Number(a.status === 'triggered'),
  );
  return (
    <Stack gap="md">
      <Title order={1}>My pages</Title>
      <OncallNav />
      {acknowledge.error && (
        <Alert color="red" role="alert">
          {acknowledge.error instanceof ApiError ? acknowledge.error.message : 'Could not acknowledge.'}
        </Alert>
      )}
      {pages.isPending ? (
        <LoadingBlock />
      ) : pages.isError ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : sorted.length === 0 ? (
        <EmptyState title="No pages">When an incident on a service pages you, it shows here.</EmptyState>
      ) : (
        sorted.map((page) => (
          <Card key={page.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Badge color={statusColour[page.status]}>{page.status}</Badge>
                  <Text fw={600} component={Link} to={`/tickets/${page.ticketKey}`}>
                    {page.ticketKey}
                  </Text>
                  <Text>{page.title}</Text>
                </Group>
                <Text size="sm" c="gray.7">
                  {page.policy.name}
                  {page.service ? ` · ${page.service.name}` : ''} · level {page.level} · paged{' '}
                  {timeAgo(page.openedAt)}
                  {page.acknowledgedBy
                    ? ` · acknowledged by ${page.acknowledgedBy.name} ${timeAgo(page.acknowledgedAt)}`
                    : ''}
                </Text>
              </Stack>
              {page.status === 'triggered' && (
                <Button
                  color="green"
                  loading={acknowledge.isPending && acknowledge.variables === page.id}
                  onClick={() => acknowledge.mutate(page.id)}
                >
                  Acknowledge
                </Button>
              )}
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
