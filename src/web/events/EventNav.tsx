// The links between the event pages, in each page's header.
import { Group, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The event pages' links, shared by their headers. */
export function EventNav() {
  return (
    <Group gap="md">
      {[
        ['/events', 'Console'],
        ['/events/heatmap', 'Heat map'],
        ['/events/integrations', 'Integrations'],
        ['/events/rules', 'Rules'],
        ['/events/silences', 'Silences and maintenance'],
      ].map(([to, label]) => (
        <Text key={to} component={Link} to={to!} c="blue.8" td="underline" size="sm">
          {label}
        </Text>
      ))}
    </Group>
  );
}
