// The approver's inbox (?state=pending|decided): each request with its fields and the requester's
// history, approve in one click or decline with an optional reason. Acting removes the item at once
// (optimistic) and refetches ['approvals']; the SSE stream keeps the list live. Several selected
// requests are approved at once ("Approve selected").
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { ApiError, api } from '../lib/api';
import { dateTime, timeAgo } from '../lib/format';
import { catalogQuery, type RequestType, requestTypeNames } from '../portal/catalog';
import {
  type ApprovalItem,
  approvalsKey,
  describeFields,
  historySummary,
  parseState,
  withoutTicket,
} from './approvals';

type Action = 'approve' | 'decline';
interface Decision {
  key: string;
  action: Action;
  comment: string;
}

export default function ApprovalsPage() {
  const [params, setParams] = useSearchParams();
  const state = parseState(params.get('state'));
  const client = useQueryClient();
  const catalog = useQuery(catalogQuery);
  const types = requestTypeNames(catalog.data);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string>('');

  const approvals = useQuery({
    queryKey: approvalsKey(state),
    queryFn: () => api('/api/v1/approvals', 'approvals.approvalListOut', { query: { state } }),
  });

  const decide = useMutation({
    mutationFn: ({ key, action, comment }: Decision) =>
      api(`/api/v1/tickets/${key}/${action}`, 'tickets.ticketOut', {
        body: comment.trim() ? { comment: comment.trim() } : {},
      }),
    onMutate: async ({ key, action }) => {
      await client.cancelQueries({ queryKey: ['approvals'] });
      const previous = client.getQueryData<ApprovalItem[]>(approvalsKey('pending'));
      client.setQueryData<ApprovalItem[]>(approvalsKey('pending'), (items) => withoutTicket(items, key));
      setNotice(`${key} ${action === 'approve' ? 'approved' : 'declined'}.`);
      headingRef.current?.focus();
      return { previous };
    },
    onError: (_error, _decision, context) => {
      if (context?.previous) client.setQueryData(approvalsKey('pending'), context.previous);
      setNotice('');
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });

  const selectState = (value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === 'decided') next.set('state', 'decided');
        else next.delete('state');
        return next;
      },
      { replace: true },
    );

  const items = approvals.data ?? [];

  // Bulk approval: the selected pending requests, approved one after the other; failures are listed.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const pendingKeys = state === 'pending' ? items.map((item) => item.ticket.key) : [];
  const chosen = pendingKeys.filter((key) => selected.has(key));
  const bulk = useMutation({
    mutationFn: async (keys: string[]) => {
      const failed: string[] = [];
      for (const key of keys) {
        try {
          await api(`/api/v1/tickets/${key}/approve`, 'tickets.ticketOut', { body: {} });
        } catch (error) {
          failed.push(`${key}: ${error instanceof Error ? error.message : 'failed'}`);
        }
      }
      return { approved: keys.length - failed.length, failed };
    },
    onSuccess: ({ approved, failed }) => {
      setSelected(new Set());
      setNotice(
        `${approved} request${approved === 1 ? '' : 's'} approved.${failed.length ? ` Not approved: ${failed.join('; ')}` : ''}`,
      );
      headingRef.current?.focus();
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const toggle = (key: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <Stack gap="md">
      <Title order={1} ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
        Approvals
      </Title>
      <Tabs value={state} onChange={selectState}>
        <Tabs.List aria-label="Approvals">
          <Tabs.Tab value="pending">
            Waiting for me{approvals.data && state === 'pending' ? ` (${items.length})` : ''}
          </Tabs.Tab>
          <Tabs.Tab value="decided">Decided</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Text role="status" size="sm" c="green.9" mih={20}>
        {notice}
      </Text>
      {decide.error ? (
        <Alert
          color="red"
          title={`Could not ${decide.variables?.action ?? 'decide'} ${decide.variables?.key ?? ''}`}
          role="alert"
        >
          {decide.error instanceof ApiError ? decide.error.message : 'Something went wrong. Try again.'}
        </Alert>
      ) : null}
      {approvals.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading approvals">
          <Skeleton height={260} radius="md" />
          <Skeleton height={260} radius="md" />
        </Stack>
      ) : approvals.isError ? (
        <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={
            state === 'pending' ? 'Nothing waiting for your approval' : 'You have not decided anything yet'
          }
        >
          {state === 'pending'
            ? 'Requests from the people you approve for show up here as they are filed.'
            : null}
        </EmptyState>
      ) : (
        <>
          {state === 'pending' && items.length > 1 ? (
            <Group gap="sm">
              <Checkbox
                label="Select all"
                checked={chosen.length === pendingKeys.length}
                indeterminate={chosen.length > 0 && chosen.length < pendingKeys.length}
                onChange={(event) => setSelected(new Set(event.currentTarget.checked ? pendingKeys : []))}
              />
              <Button
                color="green.8"
                size="compact-sm"
                disabled={chosen.length === 0}
                loading={bulk.isPending}
                onClick={() => bulk.mutate(chosen)}
              >
                Approve selected ({chosen.length})
              </Button>
            </Group>
          ) : null}
          <Stack
            component="ul"
            gap="md"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={state === 'pending' ? 'Waiting for your approval' : 'Decided'}
          >
            {items.map((item) => (
              <ApprovalCard
                key={`${item.ticket.key}-${item.requestedAt}`}
                item={item}
                type={item.ticket.requestType ? types.get(item.ticket.requestType) : undefined}
                pending={state === 'pending'}
                busy={
                  (decide.isPending && decide.variables?.key === item.ticket.key) ||
                  (bulk.isPending && chosen.includes(item.ticket.key))
                }
                selected={state === 'pending' && items.length > 1 ? selected.has(item.ticket.key) : undefined}
                onSelect={(on) => toggle(item.ticket.key, on)}
                onDecide={(decision) => decide.mutate(decision)}
              />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function ApprovalCard({
  item,
  type,
  pending,
  busy,
  selected,
  onSelect,
  onDecide,
}: {
  item: ApprovalItem;
  type: RequestType | undefined;
  pending: boolean;
  busy: boolean;
  /** Undefined: no bulk selection offered. */
  selected: boolean | undefined;
  onSelect(on: boolean): void;
  onDecide(decision: Decision): void;
}) {
  const { ticket } = item;
  const [comment, setComment] = useState('');
  const [declining, setDeclining] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const headingId = `approval-${ticket.key}`;
  const fields = describeFields(ticket.fields, type?.fields);

  const startDecline = () => {
    setDeclining(true);
    requestAnimationFrame(() => commentRef.current?.focus());
  };

  return (
    <Paper component="li" withBorder radius="md" p="md" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
            {selected !== undefined ? (
              <Checkbox
                mt={4}
                aria-label={`Select ${ticket.key}`}
                checked={selected}
                onChange={(event) => onSelect(event.currentTarget.checked)}
              />
            ) : null}
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Title order={2} size="h4" id={headingId}>
                <Anchor component={Link} to={`/tickets/${ticket.key}`} inherit>
                  {ticket.key}
                </Anchor>{' '}
                · {type?.name ?? ticket.requestType ?? ticket.title}
              </Title>
              <Text size="sm" c="gray.7">
                {ticket.requester.displayName} ({ticket.requester.email}) · requested{' '}
                <span title={dateTime(item.requestedAt)}>{timeAgo(item.requestedAt)}</span> · you are the{' '}
                {item.reason}
              </Text>
            </Stack>
          </Group>
          {pending ? (
            <StatusBadge status={ticket.status} outcome={ticket.outcome} />
          ) : (
            <DecisionBadge state={item.state} />
          )}
        </Group>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Text fw={600} size="sm" mb={4}>
              Request
            </Text>
            {fields.length ? (
              <Box component="dl" m={0}>
                {fields.map((field) => (
                  <Group key={field.key} gap="xs" wrap="nowrap" align="baseline" py={2}>
                    <Text component="dt" size="sm" c="gray.7" miw={140} maw={200}>
                      {field.label}
                    </Text>
                    <Text component="dd" size="sm" m={0} fw={500} style={{ wordBreak: 'break-word' }}>
                      {field.value}
                    </Text>
                  </Group>
                ))}
              </Box>
            ) : (
              <Text size="sm" c="gray.7">
                No fields.
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <RequesterHistory item={item} />
          </Grid.Col>
        </Grid>
        {pending ? (
          <Stack gap="xs">
            <Textarea
              ref={commentRef}
              label={declining ? 'Reason for declining (optional)' : 'Comment (optional)'}
              description={
                declining ? `${ticket.requester.displayName} will read it on the ticket.` : undefined
              }
              autosize
              minRows={1}
              maxRows={6}
              maxLength={5000}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
            />
            <Group gap="sm">
              {declining ? (
                <>
                  <Button
                    color="red"
                    loading={busy}
                    aria-label={`Decline request ${ticket.key}`}
                    onClick={() => onDecide({ key: ticket.key, action: 'decline', comment })}
                  >
                    Decline request
                  </Button>
                  <Button variant="default" onClick={() => setDeclining(false)} disabled={busy}>
                    Keep it
                  </Button>
                </>
              ) : (
                <>
                  <Button
                    color="green.8"
                    loading={busy}
                    aria-label={`Approve ${ticket.key}`}
                    onClick={() => onDecide({ key: ticket.key, action: 'approve', comment })}
                  >
                    Approve
                  </Button>
                  <Button
                    variant="outline"
                    color="red.8"
                    aria-label={`Decline ${ticket.key}`}
                    onClick={startDecline}
                    disabled={busy}
                  >
                    Decline
                  </Button>
                </>
              )}
            </Group>
          </Stack>
        ) : item.comment ? (
          <Text size="sm">
            <Text span c="gray.7" size="sm">
              Your comment:{' '}
            </Text>
            {item.comment}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

const decisionWords: Record<string, string> = {
  approved: 'Approved',
  declined: 'Declined',
  pending: 'Pending',
};

function DecisionBadge({ state }: { state: string }) {
  const color = state === 'approved' ? 'green' : state === 'declined' ? 'red' : 'gray';
  return (
    <Badge variant="light" color={color} radius="sm">
      {decisionWords[state] ?? state}
    </Badge>
  );
}

function RequesterHistory({ item }: { item: ApprovalItem }) {
  // Sent with the approval: an approver sees the requester's latest requests whatever else they may see.
  const recent = item.requesterHistory.recent;
  if (recent.length === 0)
    return (
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {item.ticket.requester.displayName}’s history
        </Text>
        <Text size="sm" c="gray.7">
          {historySummary(item.requesterHistory)}
        </Text>
      </Stack>
    );
  // Collapsed: the summary says enough for most decisions; the list opens on demand.
  return (
    <Box component="details">
      <Box component="summary" style={{ cursor: 'pointer' }}>
        <Text span fw={600} size="sm">
          {item.ticket.requester.displayName}’s history
        </Text>{' '}
        <Text span size="sm" c="gray.7">
          {historySummary(item.requesterHistory)}
        </Text>
      </Box>
      <Stack gap={4} mt={4}>
        {recent.length === 0 ? (
          <Text size="sm" c="gray.7">
            No earlier requests.
          </Text>
        ) : (
          <Stack
            component="ul"
            gap={4}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Recent requests"
          >
            {recent.map((ticket) => (
              <Group component="li" key={ticket.key} gap="xs" wrap="nowrap">
                {/* Plain text: the approver may not be allowed to open the requester's other tickets. */}
                <Text size="sm" fw={600} ff="monospace">
                  {ticket.key}
                </Text>
                <StatusBadge status={ticket.status} outcome={ticket.outcome} />
                <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 0 }} truncate title={ticket.title}>
                  {timeAgo(ticket.createdAt)} · {ticket.title}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
