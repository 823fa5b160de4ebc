import { Button, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';

const links = [
  { to: '/changes', label: 'All changes' },
  { to: '/changes/calendar', label: 'Calendar' },
  { to: '/changes/cab', label: 'CAB agenda' },
  { to: '/changes/new', label: 'New change' },
];

/** The changes area's own links. */
export function ChangesNav() {
  const { pathname } = useLocation();
  return (
    <Group gap="xs" component="nav" aria-label="Changes">
      {links.map((link) => (
        <Button
          key={link.to}
          component={Link}
          to={link.to}
          size="xs"
          variant={pathname === link.to ? 'filled' : 'default'}
          aria-current={pathname === link.to ? 'page' : undefined}
        >
          {link.label}
        </Button>
      ))}
    </Group>
  );
}
