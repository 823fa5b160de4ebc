// The ticket's timeline: status changes and comments, oldest first.
import { Anchor, Badge, Group, Paper, Text, Timeline } from '@mantine/core';
import { EmptyState } from '../components/States';
import { dateTime, timeAgo } from '../lib/format';
import { linkParts } from '../lib/links';
import { describeStatusChange, type TimelineItem } from './timeline';

const kindLabel: Record<string, string> = {
  fulfilment: 'Automation',
  approval: 'Approval',
  verification: 'Verification',
};

export function TicketTimeline({ items }: { items: TimelineItem[] }) {
  if (!items.length) return <EmptyState title="Nothing has happened yet" />;
  return (
    <Timeline bulletSize={14} lineWidth={2} active={items.length - 1}>
      {items.map((item) =>
        item.type === 'status' ? (
          <Timeline.Item key={item.id} color="gray">
            <Group gap={6} wrap="wrap">
              <Text fz="sm">
                <Text span fw={600} fz="sm">
                  {item.actor}
                </Text>{' '}
                {describeStatusChange(item)}
              </Text>
            </Group>
            <Text fz="xs" c="gray.7" title={dateTime(item.at)}>
              {timeAgo(item.at)} · {dateTime(item.at)}
            </Text>
          </Timeline.Item>
        ) : (
          <Timeline.Item
            key={item.id}
            color={item.internal ? 'yellow' : item.kind === 'fulfilment' ? 'blue' : 'teal'}
          >
            <Paper
              p="xs"
              withBorder
              bg={item.internal ? 'yellow.0' : item.actorKind === 'user' ? undefined : 'gray.0'}
              style={
                item.internal
                  ? { borderStyle: 'dashed', borderColor: 'var(--mantine-color-yellow-7)' }
                  : undefined
              }
              data-internal={item.internal || undefined}
            >
              <Group gap={6} mb={4} wrap="wrap">
                <Text fw={600} fz="sm">
                  {item.actor}
                </Text>
                {item.internal ? (
                  <Badge color="yellow" variant="light" size="sm" radius="sm">
                    Internal
                  </Badge>
                ) : null}
                {kindLabel[item.kind] && item.actorKind !== 'user' ? (
                  <Badge color="gray" variant="light" size="sm" radius="sm">
                    {kindLabel[item.kind]}
                  </Badge>
                ) : null}
                <Text fz="xs" c="gray.7" title={dateTime(item.at)}>
                  {timeAgo(item.at)}
                </Text>
              </Group>
              <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                <Linked text={item.body} />
              </Text>
            </Paper>
          </Timeline.Item>
        ),
      )}
    </Timeline>
  );
}

/** A comment's text with its http(s) addresses as links (automation output names runs, logs, hosts). */
function Linked({ text }: { text: string }) {
  return linkParts(text).map((part, index) =>
    part.kind === 'link' ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
      <Anchor key={index} href={part.href} target="_blank" rel="noopener noreferrer" fz="sm">
        {part.text}
      </Anchor>
    ) : (
      part.text
    ),
  );
}
