// A ticket, for everyone who may see it: heading, status, SLA clock, the request's fields and the
// timeline (history, comments, automation output), a comment box; requesters confirm or say it
// does not work; agents see internal comments and fulfilment runs and retry / resolve / cancel.
// Query keys are rooted at 'ticket' so server-side changes arrive live over SSE.
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Code,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ticketShortcut } from '../agent/shortcuts';
import { SlaClock } from '../components/SlaClock';
import { EmptyState, ErrorState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { ApiError, api } from '../lib/api';
import { isAgent, type Me, useMe } from '../lib/auth';
import { dateTime, statusLabel, timeAgo } from '../lib/format';
import { rejectionOf } from './rejection';
import { describeStatusChange, mergeTimeline, type TimelineItem } from './timeline';
import { type FulfilmentRun, type RequestTypeDefinition, runsKey, type Ticket, ticketKey } from './types';

/** Mantine's input descriptions are gray 6 (below AA); gray 7 passes. */
const descriptionStyles = { description: { color: 'var(--mantine-color-gray-7)' } };

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.values(error.fieldErrors);
    return fields.length ? `${error.message} ${fields.join(' ')}` : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** POSTs that answer with the updated ticket; the cache is updated and every ticket view refreshed. */
function useTicketAction<V>(key: string, request: (vars: V) => Promise<Ticket>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (ticket) => {
      if (ticket && typeof ticket === 'object' && 'key' in ticket)
        client.setQueryData(ticketKey(key), ticket);
      void client.invalidateQueries({ queryKey: ['ticket', key] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
}

export default function TicketPage() {
  const { key = '' } = useParams();
  const me = useMe();
  const ticket = useQuery({
    queryKey: ticketKey(key),
    queryFn: ({ signal }) => api<Ticket>(`/api/v1/tickets/${encodeURIComponent(key)}`, { signal }),
  });

  useEffect(() => {
    document.title = `${key} · Opsdesk`;
  }, [key]);

  if (ticket.isPending || me.isPending) return <TicketSkeleton ticketKey={key} />;
  if (ticket.isError) {
    const notFound =
      ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.status === 400);
    return (
      <Stack>
        <Title order={1}>{key}</Title>
        {notFound ? (
          <EmptyState title="No such ticket">
            {key} does not exist or you may not see it.{' '}
            <Anchor component={Link} to="/portal/requests">
              Your requests
            </Anchor>
          </EmptyState>
        ) : (
          <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />
        )}
      </Stack>
    );
  }
  return <TicketView ticket={ticket.data} me={me.data} />;
}

function TicketSkeleton({ ticketKey: key }: { ticketKey: string }) {
  return (
    <Stack gap="md" aria-busy="true">
      <Skeleton height={14} width={120} />
      <Title order={1}>{key}</Title>
      <Group gap="xs">
        <Skeleton height={22} width={140} />
        <Skeleton height={22} width={170} />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Skeleton height={320} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton height={200} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function TicketView({ ticket, me }: { ticket: Ticket; me: Me | undefined }) {
  const agent = isAgent(me);
  const isRequester = me?.id === ticket.requester.id;
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const retryRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = ticketShortcut(event);
      if (action === 'focusComment' && commentRef.current) {
        event.preventDefault();
        commentRef.current.focus();
      } else if (action === 'retry') {
        event.preventDefault();
        retryRef.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={agent ? '/agent' : '/portal/requests'} fz="sm">
        ← {agent ? 'Queues' : 'My requests'}
      </Anchor>
      <Stack gap={6}>
        <Title order={1} fz={{ base: 'h3', sm: 'h2' }}>
          {ticket.key} · {ticket.requestTypeName ?? ticket.title}
        </Title>
        <Group gap="xs" wrap="wrap">
          <StatusBadge status={ticket.status} />
          <SlaClock
            ticketKey={ticket.key}
            ended={ticket.status === 'cancelled' || ticket.status === 'closed'}
          />
        </Group>
        <Text fz="sm" c="gray.7">
          Requested by {ticket.requester.displayName}
          {ticket.team ? ` · handled by ${ticket.team.name}` : ''} · opened{' '}
          <span title={dateTime(ticket.createdAt)}>{timeAgo(ticket.createdAt)}</span> · updated{' '}
          <span title={dateTime(ticket.updatedAt)}>{timeAgo(ticket.updatedAt)}</span>
        </Text>
      </Stack>

      <RejectionAlert ticket={ticket} isRequester={isRequester} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {isRequester ? <RequesterActions ticket={ticket} /> : null}
            {agent ? <AgentActions ticket={ticket} retryRef={retryRef} /> : null}
            {!agent && !isRequester && ticket.availableTransitions.some((t) => t.name === 'cancel') ? (
              <CancelButton ticket={ticket} />
            ) : null}
            {ticket.canApprove ? <ApprovalActions ticket={ticket} /> : null}
            <Paper withBorder p="md" component="section" aria-labelledby="timeline-heading">
              <Title order={2} fz="lg" id="timeline-heading" mb="sm">
                Timeline
              </Title>
              <TicketTimeline items={mergeTimeline(ticket)} />
            </Paper>
            <CommentBox ticket={ticket} agent={agent} isRequester={isRequester} textareaRef={commentRef} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <FieldsPanel ticket={ticket} />
            {ticket.approvals.length ? <ApprovalsPanel ticket={ticket} /> : null}
            {agent ? <RunsPanel ticketKey={ticket.key} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Actions

function RequesterActions({ ticket }: { ticket: Ticket }) {
  const [reporting, setReporting] = useState(false);
  const [problem, setProblem] = useState('');
  const confirm = useTicketAction<void>(ticket.key, () =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/transitions`, { body: { name: 'confirm' } }),
  );
  const report = useTicketAction<string>(ticket.key, (body) =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/comments`, { body: { body } }),
  );
  const canCancel = ticket.availableTransitions.some((t) => t.name === 'cancel');

  if (ticket.status !== 'waiting_for_customer') {
    return canCancel ? (
      <Group justify="flex-end">
        <CancelButton ticket={ticket} />
      </Group>
    ) : null;
  }

  const sendProblem = (event: FormEvent) => {
    event.preventDefault();
    if (!problem.trim()) return;
    report.mutate(problem.trim(), {
      onSuccess: () => {
        setProblem('');
        setReporting(false);
      },
    });
  };

  return (
    <Paper withBorder p="md" bg="teal.0" component="section" aria-labelledby="confirm-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="confirm-heading">
          Does it work now?
        </Title>
        <Text fz="sm">The team has finished your request. Check it and tell them whether it works.</Text>
        <Group gap="sm">
          <Button
            color="teal"
            onClick={() => confirm.mutate()}
            loading={confirm.isPending}
            disabled={report.isPending}
          >
            It works
          </Button>
          <Button
            variant="light"
            color="red"
            onClick={() => setReporting(true)}
            disabled={confirm.isPending}
            aria-expanded={reporting}
            aria-controls="problem-form"
          >
            It does not work
          </Button>
          {canCancel ? <CancelButton ticket={ticket} /> : null}
        </Group>
        {reporting ? (
          <form id="problem-form" onSubmit={sendProblem}>
            <Stack gap="xs">
              <Textarea
                label="What does not work?"
                styles={descriptionStyles}
                description="Your words go to the team and the ticket goes back to them."
                value={problem}
                onChange={(event) => setProblem(event.currentTarget.value)}
                autosize
                minRows={3}
                required
                data-autofocus
                autoFocus
              />
              <Group gap="xs">
                <Button type="submit" color="red" loading={report.isPending} disabled={!problem.trim()}>
                  Send to the team
                </Button>
                <Button variant="subtle" onClick={() => setReporting(false)}>
                  Never mind
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        <ActionError error={confirm.error ?? report.error} />
      </Stack>
    </Paper>
  );
}

function AgentActions({
  ticket,
  retryRef,
}: {
  ticket: Ticket;
  retryRef: React.MutableRefObject<() => void>;
}) {
  const [note, setNote] = useState('');
  const names = new Set(ticket.availableTransitions.map((t) => t.name));
  const transition = useTicketAction<{ name: string; comment?: string }>(ticket.key, (body) =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/transitions`, { body }),
  );
  const run = (name: string) =>
    transition.mutate({ name, comment: note.trim() || undefined }, { onSuccess: () => setNote('') });
  const canRetry = names.has('retry');
  const canResolve = names.has('resolve');
  retryRef.current = () => {
    if (canRetry && !transition.isPending) run('retry');
  };
  // Transitions with their own buttons elsewhere (the requester's) are left out.
  const others = ticket.availableTransitions.filter(
    (t) => !['retry', 'resolve', 'cancel', 'confirm', 'report_problem'].includes(t.name),
  );

  if (!canRetry && !canResolve && others.length === 0) {
    const stuck = ticket.status === 'need_further_support';
    return (
      <Group justify="space-between" wrap="wrap" gap="xs">
        {stuck ? (
          <Text fz="sm" c="gray.7">
            The automation could not finish this request.{' '}
            {ticket.team ? `Only members of ${ticket.team.name} can retry or resolve it.` : ''}
          </Text>
        ) : (
          <span />
        )}
        {names.has('cancel') ? <CancelButton ticket={ticket} /> : null}
      </Group>
    );
  }

  return (
    <Paper
      withBorder
      p="md"
      bg={ticket.status === 'need_further_support' ? 'red.0' : undefined}
      component="section"
      aria-labelledby="agent-actions-heading"
    >
      <Stack gap="sm">
        <Title order={2} fz="lg" id="agent-actions-heading">
          {ticket.status === 'need_further_support' ? 'Needs further support' : 'Actions'}
        </Title>
        {ticket.status === 'need_further_support' ? (
          <Text fz="sm">
            The automation could not finish. Retry it (after fixing the cause) or do it by hand and resolve.
          </Text>
        ) : null}
        <Textarea
          label="Note with the action (optional)"
          styles={descriptionStyles}
          description="Posted on the ticket with the retry or resolution; the requester sees it."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group gap="sm">
          {canRetry ? (
            <Button
              onClick={() => run('retry')}
              loading={transition.isPending && transition.variables?.name === 'retry'}
              disabled={transition.isPending}
              aria-keyshortcuts="r"
            >
              Retry
            </Button>
          ) : null}
          {canResolve ? (
            <Button
              variant="light"
              color="teal"
              onClick={() => run('resolve')}
              loading={transition.isPending && transition.variables?.name === 'resolve'}
              disabled={transition.isPending}
            >
              Resolve
            </Button>
          ) : null}
          {others.map((t) => (
            <Button
              key={t.name}
              variant="default"
              onClick={() => run(t.name)}
              disabled={transition.isPending || (t.requiresComment && !note.trim())}
            >
              {t.label}
            </Button>
          ))}
          {names.has('cancel') ? <CancelButton ticket={ticket} /> : null}
        </Group>
        <ActionError error={transition.error} />
      </Stack>
    </Paper>
  );
}

function CancelButton({ ticket }: { ticket: Ticket }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const cancel = useTicketAction<void>(ticket.key, () =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/transitions`, {
      body: { name: 'cancel', comment: reason.trim() || undefined },
    }),
  );
  return (
    <>
      <Button variant="subtle" color="red" onClick={open}>
        Cancel request
      </Button>
      <Modal opened={opened} onClose={close} title={`Cancel ${ticket.key}?`}>
        <Stack gap="sm">
          <Text fz="sm">The request stops here; nothing more is done for it.</Text>
          <Textarea
            label="Why (optional)"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <ActionError error={cancel.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(undefined, { onSuccess: close })}
            >
              Cancel the request
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ApprovalActions({ ticket }: { ticket: Ticket }) {
  const [comment, setComment] = useState('');
  const decide = useTicketAction<'approve' | 'decline'>(ticket.key, (decision) =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/${decision}`, {
      body: { comment: comment.trim() || undefined },
    }),
  );
  return (
    <Paper withBorder p="md" bg="yellow.0" component="section" aria-labelledby="approval-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="approval-heading">
          Your approval is needed
        </Title>
        <Textarea
          label="Comment on your decision (optional)"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={1}
        />
        <Group gap="sm">
          <Button
            color="teal"
            onClick={() => decide.mutate('approve')}
            loading={decide.isPending && decide.variables === 'approve'}
            disabled={decide.isPending}
            aria-label={`Approve ${ticket.key}`}
          >
            Approve
          </Button>
          <Button
            variant="light"
            color="red"
            onClick={() => decide.mutate('decline')}
            loading={decide.isPending && decide.variables === 'decline'}
            disabled={decide.isPending}
            aria-label={`Decline ${ticket.key}`}
          >
            Decline
          </Button>
        </Group>
        <ActionError error={decide.error} />
      </Stack>
    </Paper>
  );
}

function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title="That did not work">
      {errorText(error)}
    </Alert>
  );
}

// ---------------------------------------------------------------------------------------------
// Comment box

function CommentBox({
  ticket,
  agent,
  isRequester,
  textareaRef,
}: {
  ticket: Ticket;
  agent: boolean;
  isRequester: boolean;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const add = useTicketAction<{ body: string; internal: boolean }>(ticket.key, (vars) =>
    api<Ticket>(`/api/v1/tickets/${ticket.key}/comments`, { body: vars }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem('Write something first.');
      return;
    }
    setProblem(undefined);
    add.mutate(
      { body: body.trim(), internal: agent && internal },
      {
        onSuccess: () => {
          setBody('');
          setInternal(false);
        },
      },
    );
  };
  const fieldError = problem ?? (add.error instanceof ApiError ? add.error.fieldErrors.body : undefined);
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="comment-heading">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="comment-heading">
          Add a comment
        </Title>
        <Textarea
          ref={textareaRef}
          label="Comment"
          styles={descriptionStyles}
          description={
            isRequester && !agent && ticket.status === 'waiting_for_customer'
              ? 'A comment now tells the team it does not work yet and sends the ticket back to them.'
              : undefined
          }
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={3}
          error={fieldError}
          aria-keyshortcuts="c"
        />
        <Group justify="space-between" wrap="wrap" gap="xs">
          {agent ? (
            <Checkbox
              label="Internal (only agents see it)"
              checked={internal}
              onChange={(event) => setInternal(event.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <Button type="submit" loading={add.isPending}>
            Add comment
          </Button>
        </Group>
        {add.error && !(add.error instanceof ApiError && add.error.fieldErrors.body) ? (
          <ActionError error={add.error} />
        ) : null}
      </Stack>
    </Paper>
  );
}

// ---------------------------------------------------------------------------------------------
// Timeline

const kindLabel: Record<string, string> = {
  fulfilment: 'Automation',
  approval: 'Approval',
  verification: 'Verification',
};

function TicketTimeline({ items }: { items: TimelineItem[] }) {
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
                {item.body}
              </Text>
            </Paper>
          </Timeline.Item>
        ),
      )}
    </Timeline>
  );
}

// ---------------------------------------------------------------------------------------------
// Side panels

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
    queryFn: () => api<RequestTypeDefinition>(`/api/v1/catalog/request-types/${ticket.requestType}`),
    enabled: Boolean(ticket.requestType),
    staleTime: 300_000,
    retry: false,
  });
}

/** Verification cancelled the request: say so first, with every problem, and how to go on. */
function RejectionAlert({ ticket, isRequester }: { ticket: Ticket; isRequester: boolean }) {
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

function FieldsPanel({ ticket }: { ticket: Ticket }) {
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

function ApprovalsPanel({ ticket }: { ticket: Ticket }) {
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

const runColor: Record<string, string> = {
  succeeded: 'teal',
  failed: 'red',
  running: 'blue',
  queued: 'gray',
  retrying: 'orange',
};

function RunsPanel({ ticketKey: key }: { ticketKey: string }) {
  const runs = useQuery({
    queryKey: runsKey(key),
    queryFn: ({ signal }) =>
      api<FulfilmentRun[]>(`/api/v1/tickets/${encodeURIComponent(key)}/runs`, { signal }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="runs-heading">
      <Title order={2} fz="lg" id="runs-heading" mb="sm">
        Fulfilment runs
      </Title>
      {runs.isPending ? (
        <Skeleton height={80} />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <Text fz="sm" c="gray.7">
          The automation has not run for this ticket yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {[...runs.data].reverse().map((run, index) => (
            <RunItem key={run.id} run={run} open={index === 0 && run.status === 'failed'} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

function RunItem({ run, open }: { run: FulfilmentRun; open: boolean }) {
  const log = run.output.map((line) => `${time(line.at)} ${line.level.padEnd(5)} ${line.line}`).join('\n');
  return (
    <Box data-run-status={run.status}>
      <Group gap={6} wrap="wrap">
        <Text fz="sm" fw={600}>
          #{run.number} {run.action}
          {run.environment ? ` on ${run.environment}` : ''}
        </Text>
        <Badge size="sm" variant="light" radius="sm" color={runColor[run.status] ?? 'gray'}>
          {statusLabel(run.status)}
        </Badge>
      </Group>
      <Text fz="xs" c="gray.7">
        {run.attempts} attempt{run.attempts === 1 ? '' : 's'} · started {dateTime(run.createdAt)}
        {run.finishedAt ? ` · finished ${time(run.finishedAt)}` : ''}
      </Text>
      {run.error ? (
        <Text fz="sm" c="red.8" mt={4} style={{ overflowWrap: 'anywhere' }}>
          {run.error}
        </Text>
      ) : null}
      <details open={open} style={{ marginTop: 4 }}>
        <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
          Output ({run.output.length} line{run.output.length === 1 ? '' : 's'})
        </summary>
        <Code
          block
          mt={4}
          fz="xs"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflowY: 'auto' }}
        >
          {log || 'No output.'}
          {run.result ? `\n\nresult: ${JSON.stringify(run.result, null, 2)}` : ''}
        </Code>
      </details>
    </Box>
  );
}
