// The incident's working area on the ticket page (the major incident view for the commander):
// declare or undeclare a major incident, post updates (internal notes, or updates sent to the
// stakeholders: the lists of its services and regions and the services' followers), and the
// incident timeline with time and author of every entry.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';
import { ActionError, useTicketAction } from '../ticket/ticketActions';
import type { Ticket } from '../ticket/types';

type Incident = NonNullable<Ticket['incident']>;

export function MajorBanner({
  ticket,
  incident,
  agent,
}: {
  ticket: Ticket;
  incident: Incident;
  agent: boolean;
}) {
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const declare = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/incidents/${ticket.key}/major`, 'tickets.ticketOut', {
      body: { major: !incident.major, reason: reason.trim() },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    declare.mutate(undefined, {
      onSuccess: () => {
        setOpen(false);
        setReason('');
      },
    });
  };
  return (
    <Stack gap="xs">
      {incident.major ? (
        <Alert color="red" title="Major incident" role="status">
          Declared {timeAgo(incident.majorDeclaredAt)}: {incident.majorReason}
          {incident.nextUpdateDueAt ? (
            <Text size="sm" mt={4}>
              Next update to stakeholders due{' '}
              <b title={dateTime(incident.nextUpdateDueAt)}>{timeAgo(incident.nextUpdateDueAt)}</b>
            </Text>
          ) : null}
        </Alert>
      ) : null}
      {agent ? (
        <Group gap="xs">
          <Button
            size="xs"
            variant={incident.major ? 'default' : 'filled'}
            color={incident.major ? undefined : 'red'}
            onClick={() => setOpen((value) => !value)}
          >
            {incident.major ? 'No longer major…' : 'Declare major incident…'}
          </Button>
          <Button size="xs" variant="light" component={Link} to={`/incidents/${ticket.key}/review`}>
            Post-incident review
          </Button>
        </Group>
      ) : null}
      {open ? (
        <Group component="form" onSubmit={submit} align="flex-end" gap="xs">
          <TextInput
            label="Reason"
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={declare.isPending} color={incident.major ? undefined : 'red'}>
            {incident.major ? 'Undeclare' : 'Declare'}
          </Button>
        </Group>
      ) : null}
      <ActionError error={declare.error} />
    </Stack>
  );
}

const visibilities = [
  { value: 'internal', label: 'Internal note (responders only)' },
  { value: 'stakeholders', label: 'Update to stakeholders (emails lists and followers)' },
  { value: 'public', label: 'Public update (also the status page)' },
];
const publicStatuses = [
  { value: 'investigating', label: 'Investigating' },
  { value: 'identified', label: 'Identified' },
  { value: 'monitoring', label: 'Monitoring' },
  { value: 'resolved', label: 'Resolved' },
];

export function UpdateForm({ ticket }: { ticket: Ticket }) {
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState('stakeholders');
  const [status, setStatus] = useState<string | null>('investigating');
  const [next, setNext] = useState<number | string>(30);
  const post = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/incidents/${ticket.key}/updates`, 'tickets.ticketOut', {
      body: {
        body: body.trim(),
        visibility,
        ...(visibility !== 'internal' && status ? { status } : {}),
        ...(visibility !== 'internal' && typeof next === 'number' && next >= 5
          ? { nextUpdateInMinutes: next }
          : {}),
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate(undefined, { onSuccess: () => setBody('') });
  };
  const external = visibility !== 'internal';
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="update-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="update-heading">
          Post an update
        </Title>
        <Select
          label="Who sees it"
          data={visibilities}
          value={visibility}
          onChange={(v) => v && setVisibility(v)}
          allowDeselect={false}
        />
        <Textarea
          label="Update"
          required
          autosize
          minRows={3}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
        />
        {external ? (
          <Group grow align="flex-start">
            <Select label="Where things stand" data={publicStatuses} value={status} onChange={setStatus} />
            <NumberInput
              label="Next update in (minutes)"
              min={5}
              max={10080}
              value={next}
              onChange={setNext}
            />
          </Group>
        ) : null}
        <ActionError error={post.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={post.isPending}>
            {external ? 'Send update' : 'Add note'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const kindColors: Record<string, string> = {
  update: 'blue',
  note: 'gray',
  status: 'teal',
  role: 'violet',
  major: 'red',
  impact: 'orange',
  alert: 'red',
  opened: 'green',
  link: 'gray',
};

export function IncidentTimeline({ incident }: { incident: Incident }) {
  const entries = [...incident.timeline].reverse();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="incident-timeline-heading">
      <Title order={2} fz="lg" id="incident-timeline-heading" mb="sm">
        Incident timeline
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="gray.7">
          Nothing yet.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} aria-label="Incident timeline">
          {entries.map((entry) => (
            <Timeline.Item
              key={entry.id}
              color={kindColors[entry.kind] ?? 'gray'}
              title={
                <Group gap={6}>
                  <Badge size="xs" variant="light" color={kindColors[entry.kind] ?? 'gray'}>
                    {entry.kind}
                  </Badge>
                  {entry.visibility !== 'internal' && entry.kind === 'update' ? (
                    <Badge size="xs" variant="outline">
                      {entry.visibility}
                    </Badge>
                  ) : null}
                  <Text size="xs" c="gray.7" title={dateTime(entry.at)}>
                    {timeAgo(entry.at)} · {entry.author}
                  </Text>
                </Group>
              }
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.body}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

export function ProblemLink({ ticket }: { ticket: Ticket }) {
  const problems = ticket.links.filter((link) => link.type === 'caused_by' && link.target.startsWith('PRB-'));
  if (problems.length === 0) return null;
  return (
    <Text size="sm">
      Caused by{' '}
      {problems.map((link) => (
        <Anchor key={link.target} component={Link} to={`/tickets/${link.target}`}>
          {link.target} {link.title}
        </Anchor>
      ))}
    </Text>
  );
}
