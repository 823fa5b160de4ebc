import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

const sections = [
  {
    to: '/admin/request-types',
    title: 'Request types',
    text: 'The catalog: request types, their forms and rules.',
  },
  {
    to: '/admin/workflows',
    title: 'Workflows',
    text: 'Statuses and transitions of each workflow, as a diagram.',
  },
  {
    to: '/admin/sla',
    title: 'SLA policies and calendars',
    text: 'Targets per request type, working hours, holidays.',
  },
  { to: '/admin/environments', title: 'Environments', text: 'The staging inventory and its state.' },
  {
    to: '/admin/connections',
    title: 'Providers and connections',
    text: 'AWS accounts, webhooks, Ansible, AWX.',
  },
  { to: '/admin/users', title: 'Users', text: 'People, their roles and managers.' },
  { to: '/admin/teams', title: 'Teams', text: 'Teams and their members.' },
  {
    to: '/admin/ci-classes',
    title: 'CI classes',
    text: 'Kinds of configuration items and their attributes.',
  },
  {
    to: '/events/integrations',
    title: 'Event integrations',
    text: 'Monitoring and backup systems sending alerts; their URLs and keys. Rules and silences beside.',
  },
  {
    to: '/admin/change-roles',
    title: 'Change roles',
    text: 'The teams that are the CAB, the emergency CAB and the change managers.',
  },
  {
    to: '/admin/baselines',
    title: 'Baselines',
    text: 'Table 2 from a chat export; review the recognised requests.',
  },
  {
    to: '/admin/notifications',
    title: 'Notifications',
    text: 'Templates with preview, rules, SMTP, chat webhooks, mailing lists.',
  },
  { to: '/admin/audit', title: 'Audit log', text: 'Who changed what, and when.' },
];

export default function AdminHome() {
  return (
    <Stack>
      <Title order={1}>Admin</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((section) => (
          <Card key={section.to} withBorder component={Link} to={section.to} padding="lg">
            <Text fw={600} c="blue.8">
              {section.title}
            </Text>
            <Text size="sm" c="gray.7">
              {section.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
