// Problems for agents: the proposals of the recurring-incident detector with their evidence
// (accept opens the problem and links its incidents; dismiss is remembered), the problems, and a
// short form to open one.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { api } from '../lib/api';
import { timeAgo } from '../lib/format';
import { ActionError } from '../ticket/ticketActions';
import { PriorityBadge } from './PriorityBadge';

export default function ProblemsPage() {
  useEffect(() => {
    document.title = 'Problems · Opsdesk';
  }, []);
  const list = useQuery({
    queryKey: ['tickets', 'problems'],
    queryFn: ({ signal }) =>
      api('/api/v1/tickets', 'tickets.ticketPageOut', { signal, query: { kind: 'problem', limit: 100 } }),
  });
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Problems</Title>
        <Anchor component={Link} to="/incidents">
          Incidents
        </Anchor>
      </Group>
      <Proposals />
      <NewProblem />
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No problems yet">Recurring incidents will be proposed here.</EmptyState>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Priority</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Opened</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.key}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tickets/${item.key}`} fw={600}>
                        {item.key}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{item.title}</Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={item.priority} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={item.status} />
                    </Table.Td>
                    <Table.Td>{item.team?.name ?? '—'}</Table.Td>
                    <Table.Td>{timeAgo(item.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}

function Proposals() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const proposals = useQuery({
    queryKey: ['tickets', 'proposals'],
    queryFn: () => api('/api/v1/problems/proposals', 'problems.proposalsOut'),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['tickets'] });
  const detect = useMutation({
    mutationFn: () =>
      api('/api/v1/problems/proposals/detect', 'problems.detectOut', { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const accept = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/problems/proposals/${id}/accept`, 'tickets.ticketOut', { body: {} }),
    onSuccess: (problem) => {
      refresh();
      navigate(`/tickets/${problem.key}`);
    },
  });
  const dismiss = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/problems/proposals/${id}/dismiss`, 'common.noContent', { body: {} }),
    onSuccess: refresh,
  });
  const pending = proposals.data ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="proposals-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id="proposals-heading">
          Proposed from recurring incidents
        </Title>
        <Button size="xs" variant="light" onClick={() => detect.mutate()} loading={detect.isPending}>
          Look now
        </Button>
      </Group>
      {detect.data ? (
        <Text size="sm" mb="xs">
          {detect.data.proposed ? `${detect.data.proposed} new proposal(s).` : 'Nothing new.'}
        </Text>
      ) : null}
      {pending.length === 0 ? (
        <Text size="sm" c="gray.7">
          No proposal waiting.
        </Text>
      ) : (
        <Stack gap="sm">
          {pending.map((proposal) => (
            <Card key={proposal.id} withBorder padding="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={4}>
                  <Text fw={600}>{proposal.title}</Text>
                  <Text size="sm">
                    {proposal.evidence.count} incidents on {proposal.ci.class} <b>{proposal.ci.name}</b>{' '}
                    within {proposal.evidence.windowDays} days
                  </Text>
                  <Group gap={4}>
                    {proposal.evidence.words.map((word) => (
                      <Badge key={word} size="sm" variant="outline" tt="none">
                        {word}
                      </Badge>
                    ))}
                  </Group>
                  <Text size="sm">
                    {proposal.incidents.map((incident, index) => (
                      <span key={incident.key}>
                        {index ? ', ' : ''}
                        <Anchor component={Link} to={`/tickets/${incident.key}`} title={incident.title}>
                          {incident.key}
                        </Anchor>
                      </span>
                    ))}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" onClick={() => accept.mutate(proposal.id)} loading={accept.isPending}>
                    Open problem
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => dismiss.mutate(proposal.id)}
                    loading={dismiss.isPending}
                  >
                    Dismiss
                  </Button>
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <ActionError error={detect.error ?? accept.error ?? dismiss.error} />
    </Paper>
  );
}

function NewProblem() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [cis, setCis] = useState<string[]>([]);
  const [incidents, setIncidents] = useState<string[]>([]);
  const open = useMutation({
    mutationFn: () =>
      api('/api/v1/problems', 'tickets.ticketOut', {
        body: {
          title: title.trim(),
          ...(cis.length ? { cis } : {}),
          ...(incidents.length ? { incidents } : {}),
        },
      }),
    onSuccess: (problem) => navigate(`/tickets/${problem.key}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="new-problem-heading">
      <Title order={2} fz="lg" id="new-problem-heading" mb="sm">
        Open a problem
      </Title>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput
          label="Title"
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          miw={260}
        />
        <TagsInput label="CIs" value={cis} onChange={setCis} miw={200} />
        <TagsInput
          label="Incidents"
          placeholder="INC-1"
          value={incidents}
          onChange={setIncidents}
          miw={200}
        />
        <Button type="submit" loading={open.isPending}>
          Open
        </Button>
      </Group>
      <ActionError error={open.error} />
    </Paper>
  );
}
