// The incident's side panels on the ticket page: impact (impact × urgency → priority, the services
// it reaches from the CMDB with the path that makes each affected, its CIs) and the major incident
// roles (agents give or take them).
import { Anchor, Badge, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { timeAgo } from '../lib/format';
import { ActionError, useTicketAction } from '../ticket/ticketActions';
import type { Ticket } from '../ticket/types';
import { PriorityBadge, ServiceStatusBadge } from './PriorityBadge';

type Incident = NonNullable<Ticket['incident']>;

export function ImpactPanel({ ticket, incident }: { ticket: Ticket; incident: Incident }) {
  const services = ticket.services ?? [];
  const cis = ticket.cis ?? [];
  const names = new Map([
    ...services.map((s) => [s.id, s.name] as const),
    ...cis.map((c) => [c.id, c.name] as const),
  ]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="impact-heading">
      <Title order={2} fz="lg" id="impact-heading" mb="sm">
        Impact
      </Title>
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">
            Impact <b>{incident.impact}</b> × urgency <b>{incident.urgency}</b> →
          </Text>
          <PriorityBadge priority={ticket.priority} />
        </Group>
        {incident.serviceStatusOverride ? (
          <Group gap="xs">
            <Text size="sm">Service status set by an agent:</Text>
            <ServiceStatusBadge status={incident.serviceStatusOverride} />
          </Group>
        ) : null}
        <Text size="sm" fw={600} mt="xs">
          Services affected ({services.length})
        </Text>
        {services.length === 0 ? (
          <Text size="sm" c="gray.7">
            No service found from its CIs.
          </Text>
        ) : (
          <List size="sm" spacing={4} aria-label="Services affected">
            {services.map((service) => (
              <List.Item key={service.id}>
                <b>{service.name}</b>
                {service.depth > 0 ? (
                  <Text span size="xs" c="gray.7">
                    {' '}
                    via{' '}
                    {service.path
                      .slice(0, -1)
                      .map((id) => names.get(id) ?? '…')
                      .join(' → ')}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        )}
        {cis.length > 0 ? (
          <>
            <Text size="sm" fw={600} mt="xs">
              Configuration items
            </Text>
            <Group gap={4}>
              {cis.map((ci) => (
                <Badge key={ci.id} variant="outline" color="gray" radius="sm" tt="none">
                  {ci.class}: {ci.name}
                </Badge>
              ))}
            </Group>
          </>
        ) : null}
        <Text size="xs" c="gray.7" mt="xs">
          Impact started {timeAgo(incident.impactStartedAt)}
          {incident.impactEndedAt ? `, ended ${timeAgo(incident.impactEndedAt)}` : ''}
        </Text>
      </Stack>
    </Paper>
  );
}

const roleLabels = {
  commander: 'Incident commander',
  communications: 'Communications officer',
  scribe: 'Scribe',
} as const;

export function RolesPanel({
  ticket,
  incident,
  agent,
}: {
  ticket: Ticket;
  incident: Incident;
  agent: boolean;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="roles-heading">
      <Title order={2} fz="lg" id="roles-heading" mb="sm">
        Roles
      </Title>
      <Stack gap="sm">
        {(Object.keys(roleLabels) as (keyof typeof roleLabels)[]).map((role) => (
          <RoleRow
            key={role}
            ticketKey={ticket.key}
            role={role}
            holder={incident.roles.find((entry) => entry.role === role)}
            agent={agent}
          />
        ))}
      </Stack>
    </Paper>
  );
}

function RoleRow({
  ticketKey,
  role,
  holder,
  agent,
}: {
  ticketKey: string;
  role: keyof typeof roleLabels;
  holder: Incident['roles'][number] | undefined;
  agent: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState('');
  const assign = useTicketAction<string | null>(ticketKey, (user) =>
    api(`/api/v1/incidents/${ticketKey}/roles/${role}`, 'tickets.ticketOut', {
      method: 'PUT',
      body: { user },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate(email.trim() || null, { onSuccess: () => setEditing(false) });
  };
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text size="sm" fw={600}>
            {roleLabels[role]}
          </Text>
          <Text size="sm" c={holder ? undefined : 'gray.7'}>
            {holder ? `${holder.user.displayName} · since ${timeAgo(holder.since)}` : 'Nobody'}
          </Text>
        </div>
        {agent ? (
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => assign.mutate('me')}
              loading={assign.isPending}
            >
              Take
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing((open) => !open)}>
              Assign
            </Button>
          </Group>
        ) : null}
      </Group>
      {editing ? (
        <Group component="form" onSubmit={submit} gap={4} align="flex-end" wrap="nowrap">
          <TextInput
            size="xs"
            label={`${roleLabels[role]}: email (empty ends the role)`}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button size="xs" type="submit" loading={assign.isPending}>
            Save
          </Button>
        </Group>
      ) : null}
      <ActionError error={assign.error} />
    </Stack>
  );
}

export function KnownErrors({ ticket }: { ticket: Ticket }) {
  const known = ticket.knownErrors ?? [];
  if (known.length === 0) return null;
  return (
    <Paper withBorder p="md" bg="yellow.0" component="section" aria-labelledby="known-heading">
      <Title order={2} fz="lg" id="known-heading" mb="xs">
        Known error{known.length > 1 ? 's' : ''}
      </Title>
      <Stack gap="xs">
        {known.map((entry) => (
          <div key={entry.key}>
            <Anchor href={`/tickets/${entry.key}`} fw={600}>
              {entry.key}
            </Anchor>{' '}
            {entry.title}
            {entry.matches.length ? (
              <Text span size="xs" c="gray.7">
                {' '}
                (on {entry.matches.join(', ')})
              </Text>
            ) : null}
            <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
              <b>Workaround:</b> {entry.workaround ?? 'none recorded yet'}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
