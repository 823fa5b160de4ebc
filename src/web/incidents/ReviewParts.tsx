// Parts of the review page: follow-up actions with owners and due dates (and naming a reviewer),
// and the timeline assembled from the incident.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { DateField } from '../components/DateField';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { ActionError } from '../ticket/ticketActions';
import type { Review } from './ReviewPage';

export function ReviewActions({
  review,
  path,
  onChange,
}: {
  review: Review;
  path: string;
  onChange: (r: Review) => void;
}) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [reviewer, setReviewer] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api(`${path}/actions`, 'reviews.reviewOut', {
        body: { title: title.trim(), owner: owner.trim(), dueDate },
      }),
    onSuccess: (data) => {
      onChange(data);
      setTitle('');
    },
  });
  const name = useMutation({
    mutationFn: () => api(`${path}/reviewers`, 'reviews.reviewOut', { body: { user: reviewer.trim() } }),
    onSuccess: (data) => {
      onChange(data);
      setReviewer('');
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
      <Title order={2} fz="lg" id="actions-heading" mb="sm">
        Follow-up actions
      </Title>
      {review.actions.length ? (
        <Table verticalSpacing={4} mb="sm">
          <Table.Tbody>
            {review.actions.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/tickets/${action.key}`}>
                    {action.key}
                  </Anchor>
                </Table.Td>
                <Table.Td>{action.title}</Table.Td>
                <Table.Td>{action.owner.displayName}</Table.Td>
                <Table.Td>
                  due {action.dueDate}{' '}
                  {action.done ? (
                    <Badge color="green" size="xs">
                      done
                    </Badge>
                  ) : action.overdue ? (
                    <Badge color="red" size="xs">
                      overdue
                    </Badge>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="gray.7" mb="sm">
          None yet.
        </Text>
      )}
      <Group
        component="form"
        gap="xs"
        align="flex-end"
        wrap="wrap"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <TextInput
          label="Action"
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          miw={240}
        />
        <TextInput
          label="Owner (email or me)"
          required
          value={owner}
          onChange={(e) => setOwner(e.currentTarget.value)}
        />
        <DateField label="Due" required value={dueDate} onChange={setDueDate} />
        <Button type="submit" variant="light" loading={add.isPending}>
          Add action
        </Button>
      </Group>
      <ActionError error={add.error} />
      <Group
        component="form"
        gap="xs"
        align="flex-end"
        mt="md"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          name.mutate();
        }}
      >
        <TextInput
          label="Name a reviewer (email)"
          value={reviewer}
          onChange={(e) => setReviewer(e.currentTarget.value)}
        />
        <Button type="submit" variant="light" loading={name.isPending}>
          Add reviewer
        </Button>
      </Group>
      <ActionError error={name.error} />
    </Paper>
  );
}

export function ReviewTimeline({ review }: { review: Review }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="review-timeline-heading">
      <Title order={2} fz="lg" id="review-timeline-heading" mb="sm">
        Timeline
      </Title>
      <Stack gap="xs">
        <Timeline bulletSize={12} lineWidth={2}>
          {review.timeline.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only and ordered
            <Timeline.Item key={index} title={`${dateTime(entry.at)} · ${entry.kind} · ${entry.author}`}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.body}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Paper>
  );
}
