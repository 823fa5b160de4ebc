// A change on its ticket page: risk with each factor's points and the approval path it picks, the
// conflicts (links to the other changes), the window, the Seven Rs and plans; the outcome and
// review notes; and a change manager's override of a guard, with a reason.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { type Ticket, ticketKey } from './types';

const riskColor = { low: 'green', moderate: 'yellow', high: 'red' } as const;
const rs = [
  ['reason', 'Reason'],
  ['expectedReturn', 'Return'],
  ['risks', 'Risks'],
  ['resources', 'Resources'],
  ['implementationPlan', 'Implementation plan'],
  ['backoutPlan', 'Backout plan'],
  ['testPlan', 'Test plan'],
] as const;

export function ChangePanel({ ticket, agent }: { ticket: Ticket; agent: boolean }) {
  const change = ticket.change;
  const risk = ticket.risk;
  if (!change || !risk) return null;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="risk-heading">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="lg" id="risk-heading">
            Risk
          </Title>
          <Badge color={riskColor[risk.level]} size="lg">
            {risk.level} · {risk.score}
          </Badge>
        </Group>
        <Text fz="sm" mb="xs">
          Authorization: {risk.approvalPathLabel}
        </Text>
        <Table fz="sm" aria-label="Risk factors">
          <Table.Tbody>
            {risk.factors.map((factor) => (
              <Table.Tr key={factor.key}>
                <Table.Td>{factor.label}</Table.Td>
                <Table.Td ta="right" fw={700}>
                  +{factor.points}
                </Table.Td>
                <Table.Td c="gray.7">{factor.detail}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="conflicts-heading">
        <Title order={2} fz="lg" id="conflicts-heading" mb="xs">
          Conflicts
        </Title>
        {ticket.conflicts?.length ? (
          <Stack gap={4}>
            {ticket.conflicts.map((conflict) => (
              <Alert key={conflict.message} color="red" variant="light" p="xs">
                {conflict.message}{' '}
                {conflict.change ? (
                  <Anchor component={Link} to={`/tickets/${conflict.change}`}>
                    Open {conflict.change}
                  </Anchor>
                ) : null}
              </Alert>
            ))}
          </Stack>
        ) : (
          <Text c="gray.7">No conflicts.</Text>
        )}
        {change.override ? (
          <Text fz="sm" mt="xs">
            Overridden by {change.override.by} ({dateTime(change.override.at)}): {change.override.reason}
          </Text>
        ) : null}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="change-heading">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="lg" id="change-heading">
            {change.type[0]!.toUpperCase() + change.type.slice(1)} change
          </Title>
          <Group gap="xs">
            {change.origin === 'catalog' ? <Badge variant="light">From the catalog</Badge> : null}
            {change.origin === 'deploy_api' ? <Badge variant="light">From a pipeline</Badge> : null}
            {agent ? (
              <PublicSwitch ticket={ticket} />
            ) : (
              <Badge variant="outline" color={change.public ? 'blue' : 'gray'}>
                {change.public ? 'Public maintenance' : 'Internal'}
              </Badge>
            )}
          </Group>
        </Group>
        <Text fz="sm">
          Planned {dateTime(change.plannedStart)} – {dateTime(change.plannedEnd)}
          {change.actualStart ? ` · started ${dateTime(change.actualStart)}` : ''}
          {change.actualEnd ? ` · ended ${dateTime(change.actualEnd)}` : ''}
        </Text>
        <Text fz="sm">CIs: {(ticket.cis ?? []).map((ci) => ci.name).join(', ')}</Text>
        <Text fz="sm">
          Services reached: {(ticket.services ?? []).map((service) => service.name).join(', ') || 'none'}
        </Text>
        {change.responsible ? <Text fz="sm">Responsible: {change.responsible.displayName}</Text> : null}
        {change.outcome ? <Text fz="sm">Outcome: {change.outcome.replaceAll('_', ' ')}</Text> : null}
        {change.version ? (
          <Text fz="sm">
            Version {change.version}
            {change.commit ? ` (${change.commit})` : ''}
          </Text>
        ) : null}
        {rs.map(([key, label]) =>
          change[key] ? (
            <Text fz="sm" key={key} mt={4}>
              <b>{label}:</b> {change[key]}
            </Text>
          ) : null,
        )}
      </Paper>
      {change.request ? (
        <Paper withBorder p="md" component="section" aria-labelledby="evidence-heading">
          <Title order={2} fz="lg" id="evidence-heading" mb="xs">
            Evidence
          </Title>
          <Text fz="sm" mb="xs">
            Filed from the catalog as{' '}
            <Anchor component={Link} to={`/tickets/${change.request.key}`}>
              {change.request.key}
            </Anchor>{' '}
            ({change.request.title}, {change.request.status.replaceAll('_', ' ')}). Its automation runs:
          </Text>
          {ticket.evidence?.length ? (
            <Table fz="sm" aria-label="Automation runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Run</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>Finished</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ticket.evidence.map((run) => (
                  <Table.Tr key={run.number}>
                    <Table.Td>#{run.number}</Table.Td>
                    <Table.Td>
                      {run.action}
                      {run.environment ? ` on ${run.environment}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        size="sm"
                        color={
                          run.status === 'succeeded' ? 'green' : run.status === 'failed' ? 'red' : 'gray'
                        }
                      >
                        {run.status.replaceAll('_', ' ')}
                      </Badge>{' '}
                      {run.error ?? run.summary ?? ''}
                    </Table.Td>
                    <Table.Td>{run.finishedAt ? dateTime(run.finishedAt) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text fz="sm" c="gray.7">
              No run yet.
            </Text>
          )}
        </Paper>
      ) : null}
      {agent ? <ChangeWork ticket={ticket} /> : null}
    </Stack>
  );
}

/** Agents decide whether the change is announced on the public status page (once scheduled). */
function PublicSwitch({ ticket }: { ticket: Ticket }) {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (value: boolean) =>
      api(`/api/v1/changes/${ticket.key}`, 'tickets.ticketOut', { method: 'PATCH', body: { public: value } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKey(ticket.key) }),
  });
  return (
    <Switch
      label="Public maintenance"
      description="Shown on the status page once scheduled"
      checked={ticket.change?.public ?? false}
      disabled={toggle.isPending || ['closed', 'cancelled'].includes(ticket.status)}
      error={toggle.error?.message}
      onChange={(event) => toggle.mutate(event.currentTarget.checked)}
    />
  );
}

function ChangeWork({ ticket }: { ticket: Ticket }) {
  const client = useQueryClient();
  const [outcome, setOutcome] = useState(ticket.change?.outcome ?? '');
  const [notes, setNotes] = useState(ticket.change?.reviewNotes ?? '');
  const [transition, setTransition] = useState(ticket.availableTransitions[0]?.name ?? '');
  const [reason, setReason] = useState('');
  const done = () => client.invalidateQueries({ queryKey: ticketKey(ticket.key) });
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/changes/${ticket.key}`, 'tickets.ticketOut', {
        method: 'PATCH',
        body: { ...(outcome ? { outcome } : {}), reviewNotes: notes || null },
      }),
    onSuccess: done,
  });
  const override = useMutation({
    mutationFn: () =>
      api(`/api/v1/changes/${ticket.key}/transitions`, 'tickets.ticketOut', {
        body: { name: transition, override: { reason } },
      }),
    onSuccess: done,
  });
  const open = ['implement', 'review'].includes(ticket.status);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="change-work-heading">
      <Title order={2} fz="lg" id="change-work-heading" mb="xs">
        Outcome and review
      </Title>
      <Stack gap="xs">
        {save.error ? <Alert color="red">{save.error.message}</Alert> : null}
        <NativeSelect
          label="Outcome"
          disabled={!open}
          data={['', 'successful', 'successful_with_issues', 'failed', 'backed_out']}
          value={outcome}
          onChange={(event) => setOutcome(event.currentTarget.value)}
        />
        <Textarea
          label="Post-implementation review"
          autosize
          minRows={2}
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
        />
        <Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>
          Save outcome and review
        </Button>
        {ticket.availableTransitions.length ? (
          <>
            <Title order={3} fz="md" mt="sm">
              Override (change managers)
            </Title>
            {override.error ? <Alert color="red">{override.error.message}</Alert> : null}
            <NativeSelect
              label="Transition"
              data={ticket.availableTransitions.map((t) => ({ value: t.name, label: t.label }))}
              value={transition}
              onChange={(event) => setTransition(event.currentTarget.value)}
            />
            <Textarea
              label="Reason for the override"
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Button
              color="orange"
              disabled={!reason.trim()}
              onClick={() => override.mutate()}
              loading={override.isPending}
            >
              Override and move on
            </Button>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
