// The signed-in frame: header with navigation for the caller's role, the notification bell and
// the user menu; a drawer navigation below 768 px. Starts the live-update stream.
import {
  ActionIcon,
  Anchor,
  AppShell,
  Burger,
  Group,
  Indicator,
  Menu,
  NavLink,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import type { Wire } from '../../shared/api/common';
import type { inboxOut } from '../../shared/api/notifications';
import { LoadingBlock } from '../components/States';
import { ApiError, api } from '../lib/api';
import { isAdmin, isAgent, type Me, useMe, useSignOut } from '../lib/auth';
import { timeAgo } from '../lib/format';
import { useLiveUpdates } from '../lib/live';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

export function navItems(me: Me): NavItem[] {
  const items: NavItem[] = [
    { to: '/portal', label: 'Catalog', end: true },
    { to: '/portal/requests', label: 'My requests' },
    { to: '/portal/services', label: 'My services' },
    { to: '/portal/report', label: 'Report a problem' },
    { to: '/kb', label: 'Knowledge' },
  ];
  if (me.permissions?.includes('ticket:approve') ?? true)
    items.push({ to: '/approvals', label: 'Approvals' });
  if (isAgent(me)) {
    items.push({ to: '/agent', label: 'Queues' });
    items.push({ to: '/cmdb', label: 'CMDB' });
    items.push({ to: '/incidents', label: 'Incidents' });
    items.push({ to: '/changes', label: 'Changes' });
    items.push({ to: '/oncall', label: 'On-call' });
    items.push({ to: '/dashboards', label: 'Dashboards' });
  }
  if (me.permissions?.includes('events:read')) items.push({ to: '/events', label: 'Events' });
  if (isAdmin(me)) items.push({ to: '/admin', label: 'Admin' });
  return items;
}

/** `/` sends people where they work: agents to their queues, everyone else to the catalog. */
export function Home() {
  const { data: me } = useMe();
  return <Navigate to={isAgent(me) ? '/agent' : '/portal'} replace />;
}

export function Shell() {
  const me = useMe();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useLiveUpdates(Boolean(me.data));

  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const items = me.data ? navItems(me.data) : [];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened, desktop: true } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Open navigation" />
            <Text component={Link} to="/" fw={700} size="lg" c="blue.8" style={{ textDecoration: 'none' }}>
              Opsdesk
            </Text>
            <Group gap={4} visibleFrom="sm" component="nav" aria-label="Main">
              {items.map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  end={item.end}
                  label={item.label}
                  w="auto"
                  styles={{ root: { borderRadius: 4 } }}
                />
              ))}
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {me.data ? <Bell /> : null}
            {me.data ? <UserMenu me={me.data} /> : null}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main menu">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            end={item.end}
            label={item.label}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1400, margin: '0 auto' }}>
          {me.isPending ? (
            <LoadingBlock />
          ) : (
            <Suspense fallback={<LoadingBlock />}>
              <Outlet />
            </Suspense>
          )}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

function UserMenu({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account of ${me.displayName}`} px="xs" py={4}>
          <Text size="sm" fw={500} truncate maw={160}>
            {me.displayName}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.email} · {me.role}
        </Menu.Label>
        <Menu.Item component={Link} to="/account">
          Your account and API tokens
        </Menu.Item>
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

type Notification = Wire<typeof inboxOut>['items'][number];

function Bell() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const count = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api('/api/v1/notifications/unread-count', 'notifications.unreadCountOut'),
  });
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => api('/api/v1/notifications', 'notifications.inboxOut', { query: { limit: 10 } }),
    enabled: opened,
  });
  const readAll = useMutation({
    mutationFn: () =>
      api('/api/v1/notifications/read-all', 'notifications.markedReadOut', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = count.data?.unread ?? 0;
  const open = (item: Notification) => {
    void api(`/api/v1/notifications/${item.id}/read`, 'common.noContent', { method: 'POST', body: {} }).then(
      () => client.invalidateQueries({ queryKey: ['notifications'] }),
    );
    close();
    if (item.ticketKey) navigate(`/tickets/${item.ticketKey}`);
    else if (item.url.startsWith('/')) navigate(item.url);
  };
  return (
    <Indicator label={unread} size={16} disabled={unread === 0} offset={4}>
      <Popover
        opened={opened}
        onChange={(value) => (value ? undefined : close())}
        position="bottom-end"
        width={340}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={toggle}
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
          >
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              aria-hidden="true"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              Notifications
            </Text>
            <UnstyledButton onClick={() => readAll.mutate()} disabled={unread === 0}>
              <Text size="xs" c="blue.8">
                Mark all read
              </Text>
            </UnstyledButton>
          </Group>
          <ScrollArea.Autosize mah={360}>
            <Stack gap={2}>
              {list.data?.items.length === 0 ? (
                <Text size="sm" c="dimmed" py="sm">
                  Nothing yet.
                </Text>
              ) : null}
              {list.data?.items.map((item) => (
                <UnstyledButton
                  key={item.id}
                  onClick={() => open(item)}
                  p={6}
                  style={{
                    borderRadius: 4,
                    background: item.readAt ? undefined : 'var(--mantine-color-blue-0)',
                  }}
                >
                  <Text size="sm" fw={item.readAt ? 400 : 600} lineClamp={2}>
                    {item.title || item.event}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {timeAgo(item.createdAt)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Anchor component={Link} to="/notifications" size="xs" onClick={close} display="block" mt="xs">
            See all notifications
          </Anchor>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
