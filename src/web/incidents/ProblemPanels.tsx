// A problem on the ticket page: its root-cause analysis and workaround (agents edit them; a known
// error shows its workaround on new incidents on the same CIs), the incidents it causes, and the
// CIs and services it is about.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { StatusBadge } from '../components/StatusBadge';
import { api } from '../lib/api';
import { timeAgo } from '../lib/format';
import { ActionError, useTicketAction } from '../ticket/ticketActions';
import type { Ticket } from '../ticket/types';
import { PriorityBadge } from './PriorityBadge';

type Problem = NonNullable<Ticket['problem']>;

export function ProblemMain({
  ticket,
  problem,
  agent,
}: {
  ticket: Ticket;
  problem: Problem;
  agent: boolean;
}) {
  const [rootCause, setRootCause] = useState(problem.rootCause ?? '');
  const [workaround, setWorkaround] = useState(problem.workaround ?? '');
  const save = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/problems/${ticket.key}`, 'tickets.ticketOut', {
      method: 'PATCH',
      body: { rootCause: rootCause.trim() || null, workaround: workaround.trim() || null },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Stack gap="md">
      {problem.description ? (
        <Paper withBorder p="md">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {problem.description}
          </Text>
        </Paper>
      ) : null}
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="rca-heading">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} fz="lg" id="rca-heading">
              Root cause and workaround
            </Title>
            {problem.knownErrorAt ? (
              <Badge color="yellow" variant="light">
                Known error since {timeAgo(problem.knownErrorAt)}
              </Badge>
            ) : null}
          </Group>
          <Textarea
            label="Root-cause analysis"
            autosize
            minRows={3}
            value={rootCause}
            onChange={(event) => setRootCause(event.currentTarget.value)}
            readOnly={!agent}
          />
          <Textarea
            label="Workaround"
            description="Shown on new incidents on the same CIs once this is a known error."
            autosize
            minRows={2}
            value={workaround}
            onChange={(event) => setWorkaround(event.currentTarget.value)}
            readOnly={!agent}
          />
          <ActionError error={save.error} />
          {agent ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Paper>
      <ProblemIncidents ticket={ticket} problem={problem} agent={agent} />
    </Stack>
  );
}

function ProblemIncidents({ ticket, problem, agent }: { ticket: Ticket; problem: Problem; agent: boolean }) {
  const [incident, setIncident] = useState('');
  const link = useTicketAction<void>(ticket.key, () =>
    api(`/api/v1/problems/${ticket.key}/incidents`, 'tickets.ticketOut', {
      body: { incident: incident.trim() },
    }),
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="problem-incidents-heading">
      <Title order={2} fz="lg" id="problem-incidents-heading" mb="sm">
        Incidents it causes ({problem.incidents.length})
      </Title>
      {problem.incidents.length ? (
        <Table verticalSpacing={4}>
          <Table.Tbody>
            {problem.incidents.map((entry) => (
              <Table.Tr key={entry.key}>
                <Table.Td>
                  <Anchor component={Link} to={`/tickets/${entry.key}`}>
                    {entry.key}
                  </Anchor>
                </Table.Td>
                <Table.Td>{entry.title}</Table.Td>
                <Table.Td>
                  <PriorityBadge priority={entry.priority} />
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={entry.status} />
                </Table.Td>
                <Table.Td>{timeAgo(entry.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="gray.7">
          No incident linked yet.
        </Text>
      )}
      {agent ? (
        <Group
          component="form"
          mt="sm"
          gap="xs"
          align="flex-end"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            link.mutate(undefined, { onSuccess: () => setIncident('') });
          }}
        >
          <TextInput
            label="Link an incident"
            placeholder="INC-12"
            value={incident}
            onChange={(e) => setIncident(e.currentTarget.value)}
          />
          <Button type="submit" variant="light" loading={link.isPending}>
            Link
          </Button>
        </Group>
      ) : null}
      <ActionError error={link.error} />
    </Paper>
  );
}

export function ProblemSide({ ticket }: { ticket: Ticket }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="problem-cis-heading">
      <Title order={2} fz="lg" id="problem-cis-heading" mb="sm">
        What it is about
      </Title>
      <Stack gap={6}>
        {(ticket.cis ?? []).map((ci) => (
          <Text key={ci.id} size="sm">
            {ci.class}: <b>{ci.name}</b>
          </Text>
        ))}
        {(ticket.services ?? []).length ? (
          <Text size="sm">Services: {(ticket.services ?? []).map((service) => service.name).join(', ')}</Text>
        ) : null}
        {!(ticket.cis ?? []).length ? (
          <Text size="sm" c="gray.7">
            No CI named.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
