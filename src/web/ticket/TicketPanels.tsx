// The ticket page's side panels: the request's fields (labelled by its request type), why it was
// rejected, and its approvals.
import { Alert, Anchor, Badge, Box, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';
import { rejectionOf } from './rejection';
import type { Ticket } from './types';

function formatValue(value: unknown, options?: { value: string; label: string }[]): string {
  const label = (v: unknown) => options?.find((o) => o.value === v)?.label ?? String(v);
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(label).join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return label(value);
}

const humanise = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** The ticket's request type (field labels and options); shared by the fields panel and the rejection alert. */
function useRequestTypeDefinition(ticket: Ticket) {
  return useQuery({
    queryKey: ['ticket-page', 'request-type', ticket.requestType],
    queryFn: () => api(`/api/v1/catalog/request-types/${ticket.requestType}`, 'catalog.requestTypeOut'),
    enabled: Boolean(ticket.requestType),
    staleTime: 300_000,
    retry: false,
  });
}

/** Verification cancelled the request: say so first, with every problem, and how to go on. */
export function RejectionAlert({ ticket, isRequester }: { ticket: Ticket; isRequester: boolean }) {
  const definition = useRequestTypeDefinition(ticket);
  const labels = new Map((definition.data?.fields ?? []).map((field) => [field.key, field.label]));
  const rejection = rejectionOf(ticket, labels);
  if (!rejection) return null;
  return (
    <Alert color="red" variant="light" title="This request was not accepted" data-testid="rejection">
      <Stack gap="xs">
        <Text fz="sm">
          Opsdesk checked it right after it was filed ({timeAgo(rejection.at)}) and cancelled it
          {rejection.problems.length ? ' because of these problems:' : '.'}
        </Text>
        {rejection.problems.length ? (
          <List fz="sm" spacing={2}>
            {rejection.problems.map((problem) => (
              <List.Item key={problem} style={{ overflowWrap: 'anywhere' }}>
                {problem}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {rejection.body}
          </Text>
        )}
        {isRequester && ticket.requestType ? (
          <Text fz="sm">
            Correct them and{' '}
            <Anchor component={Link} to={`/portal/catalog/${ticket.requestType}`} inherit fw={600}>
              file the request again
            </Anchor>
            .
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function FieldsPanel({ ticket }: { ticket: Ticket }) {
  const definition = useRequestTypeDefinition(ticket);
  const defs = definition.data?.fields ?? [];
  const keys = [
    ...defs.map((f) => f.key).filter((k) => k in ticket.fields),
    ...Object.keys(ticket.fields).filter((k) => !defs.some((f) => f.key === k)),
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="fields-heading">
      <Title order={2} fz="lg" id="fields-heading" mb="sm">
        Request
      </Title>
      <Text fz="sm" mb="sm">
        {ticket.title}
      </Text>
      {keys.length === 0 ? (
        <Text fz="sm" c="gray.7">
          No fields.
        </Text>
      ) : (
        <Box component="dl" m={0}>
          {keys.map((key) => {
            const def = defs.find((f) => f.key === key);
            return (
              <Box key={key} mb="xs">
                <Text component="dt" fz="xs" fw={700} c="gray.7">
                  {def?.label ?? humanise(key)}
                </Text>
                <Text component="dd" m={0} fz="sm" style={{ overflowWrap: 'anywhere' }}>
                  {formatValue(ticket.fields[key], def?.options)}
                </Text>
              </Box>
            );
          })}
        </Box>
      )}
    </Paper>
  );
}

const approvalColor: Record<string, string> = { pending: 'yellow', approved: 'teal', declined: 'red' };

export function ApprovalsPanel({ ticket }: { ticket: Ticket }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="approvals-heading">
      <Title order={2} fz="lg" id="approvals-heading" mb="sm">
        Approvals
      </Title>
      <Stack gap="xs">
        {ticket.approvals.map((a) => (
          <Box key={`${a.round}-${a.approver.id}`}>
            <Group gap={6} wrap="wrap">
              <Text fz="sm" fw={600}>
                {a.approver.displayName}
              </Text>
              <Badge size="sm" variant="light" radius="sm" color={approvalColor[a.state] ?? 'gray'}>
                {a.state}
              </Badge>
            </Group>
            <Text fz="xs" c="gray.7">
              {a.reason}
              {a.decidedAt ? ` · ${dateTime(a.decidedAt)}` : ''}
            </Text>
            {a.comment ? <Text fz="sm">“{a.comment}”</Text> : null}
          </Box>
        ))}
      </Stack>
    </Paper>
  );
}
