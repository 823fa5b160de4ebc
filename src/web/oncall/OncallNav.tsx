// The on-call area's tabs: schedules (who is on call, calendar), my pages, escalation policies.
import { Group, NavLink } from '@mantine/core';
import { NavLink as RouterNavLink } from 'react-router';

const tabs = [
  { to: '/oncall', label: 'Schedules' },
  { to: '/oncall/pages', label: 'My pages' },
  { to: '/oncall/policies', label: 'Escalation policies' },
];

export function OncallNav() {
  return (
    <Group gap={4} component="nav" aria-label="On-call">
      {tabs.map((tab) => (
        <NavLink key={tab.to} component={RouterNavLink} to={tab.to} end label={tab.label} w="auto" />
      ))}
    </Group>
  );
}
