// Every in-app notification of the signed-in person, newest first, all or unread only; one can be
// marked read (or opened, which reads it), or all at once. Older ones load with "Load more".
import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';

export default function NotificationsPage() {
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('show') === 'unread';
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'page', unreadOnly],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api('/api/v1/notifications', 'notifications.inboxOut', {
        query: { limit: 25, cursor: pageParam || undefined, unread: unreadOnly ? 'true' : undefined },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/notifications/${id}/read`, 'common.noContent', { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    mutationFn: () =>
      api('/api/v1/notifications/read-all', 'notifications.markedReadOut', { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const unread = list.data?.pages[0]?.unread ?? 0;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1}>Notifications</Title>
          <Text size="sm" c="gray.7" role="status">
            {unread === 0 ? 'Nothing unread.' : `${unread} unread`}
          </Text>
        </div>
        <Group gap="xs">
          <SegmentedControl
            aria-label="Show"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(value) => setParams(value === 'unread' ? { show: 'unread' } : {})}
            data={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: 'Unread' },
            ]}
          />
          <Button
            variant="default"
            onClick={() => readAll.mutate()}
            disabled={unread === 0}
            loading={readAll.isPending}
          >
            Mark all read
          </Button>
        </Group>
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={5} height={56} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>
          What happens to your requests and the tickets you follow appears here.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Notifications">
          {items.map((item) => {
            const to = item.ticketKey
              ? `/tickets/${item.ticketKey}`
              : item.url.startsWith('/')
                ? item.url
                : null;
            return (
              <Card
                key={item.id}
                component="li"
                withBorder
                padding="sm"
                bg={item.readAt ? undefined : 'blue.0'}
                aria-label={`${item.readAt ? '' : 'Unread: '}${item.title || item.event}`}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap="xs" wrap="wrap">
                      {item.readAt ? null : (
                        <Badge size="xs" variant="filled" color="blue.8">
                          New
                        </Badge>
                      )}
                      {to ? (
                        <Anchor
                          component={Link}
                          to={to}
                          fw={item.readAt ? 400 : 600}
                          size="sm"
                          onClick={() => (item.readAt ? undefined : readOne.mutate(item.id))}
                        >
                          {item.title || item.event}
                        </Anchor>
                      ) : (
                        <Text size="sm" fw={item.readAt ? 400 : 600}>
                          {item.title || item.event}
                        </Text>
                      )}
                    </Group>
                    <Text size="xs" c="gray.7" title={dateTime(item.createdAt)}>
                      {timeAgo(item.createdAt)}
                      {item.ticketKey ? ` · ${item.ticketKey}` : ''}
                    </Text>
                  </Stack>
                  {item.readAt ? null : (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => readOne.mutate(item.id)}
                      aria-label={`Mark read: ${item.title || item.event}`}
                    >
                      Mark read
                    </Button>
                  )}
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      {list.hasNextPage ? (
        <Button
          variant="default"
          w="fit-content"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
    </Stack>
  );
}
