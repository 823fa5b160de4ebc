// A ticket, for everyone who may see it: heading, status, SLA clock, the request's fields and the
// timeline (history, comments, automation output), a comment box; requesters confirm or say it
// does not work; agents see internal comments and fulfilment runs and retry / resolve / cancel.
// Query keys are rooted at 'ticket' so server-side changes arrive live over SSE. The parts are
// in this folder: the actions of each role, the comment box, the timeline and the side panels.
import { Anchor, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { ticketShortcut } from '../agent/shortcuts';
import { SlaClock } from '../components/SlaClock';
import { EmptyState, ErrorState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { IncidentTimeline, MajorBanner, ProblemLink, UpdateForm } from '../incidents/IncidentMain';
import { ImpactPanel, KnownErrors, RolesPanel } from '../incidents/IncidentSide';
import { PriorityBadge } from '../incidents/PriorityBadge';
import { ProblemMain, ProblemSide } from '../incidents/ProblemPanels';
import { ApiError, api } from '../lib/api';
import { isAgent, type Me, useMe } from '../lib/auth';
import { dateTime, timeAgo } from '../lib/format';
import { AgentActions, CancelButton } from './AgentActions';
import { ApprovalActions } from './ApprovalActions';
import { AssigneePanel } from './AssigneePanel';
import { AttachmentsPanel } from './Attachments';
import { ChangePanel } from './ChangePanel';
import { CommentBox } from './CommentBox';
import { RequesterActions } from './RequesterActions';
import { RunsPanel } from './RunsPanel';
import { ApprovalsPanel, FieldsPanel, RejectionAlert } from './TicketPanels';
import { TicketTimeline } from './TicketTimeline';
import { mergeTimeline } from './timeline';
import { type Ticket, ticketKey } from './types';

export default function TicketPage() {
  const { key = '' } = useParams();
  const me = useMe();
  const ticket = useQuery({
    queryKey: ticketKey(key),
    queryFn: ({ signal }) =>
      api(`/api/v1/tickets/${encodeURIComponent(key)}`, 'tickets.ticketOut', { signal }),
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

function backTo(kind: string, agent: boolean): [string, string] {
  if (agent && kind === 'incident') return ['/incidents', 'Incidents'];
  if (agent && kind === 'problem') return ['/problems', 'Problems'];
  return agent ? ['/agent', 'Queues'] : ['/portal/requests', 'My requests'];
}

function TicketView({ ticket, me }: { ticket: Ticket; me: Me | undefined }) {
  const agent = isAgent(me);
  const isRequester = me?.id === ticket.requester.id;
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const retryRef = useRef<() => void>(() => undefined);
  const takeRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = ticketShortcut(event);
      if (action === 'focusComment' && commentRef.current) {
        event.preventDefault();
        commentRef.current.focus();
      } else if (action === 'retry') {
        event.preventDefault();
        retryRef.current();
      } else if (action === 'take') {
        event.preventDefault();
        takeRef.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={backTo(ticket.kind, agent)[0]} fz="sm">
        ← {backTo(ticket.kind, agent)[1]}
      </Anchor>
      <Stack gap={6}>
        <Title order={1} fz={{ base: 'h3', sm: 'h2' }}>
          {ticket.key} · {ticket.requestTypeName ?? ticket.title}
        </Title>
        <Group gap="xs" wrap="wrap">
          <StatusBadge status={ticket.status} outcome={ticket.outcome} />
          {ticket.kind !== 'request' ? <PriorityBadge priority={ticket.priority} /> : null}
          <SlaClock
            ticketKey={ticket.key}
            ended={ticket.status === 'cancelled' || ticket.status === 'closed'}
          />
        </Group>
        {ticket.outcome ? (
          <Text fz="sm" data-testid="ticket-outcome">
            {ticket.outcome.name}
            {ticket.outcome.reason ? `: ${ticket.outcome.reason}` : ''}
          </Text>
        ) : null}
        <Text fz="sm" c="gray.7">
          {ticket.kind === 'request' ? 'Requested' : 'Reported'} by {ticket.requester.displayName}
          {ticket.team ? ` · handled by ${ticket.team.name}` : ''}
          {ticket.assignee ? ` · assigned to ${ticket.assignee.displayName}` : ''} · opened{' '}
          <span title={dateTime(ticket.createdAt)}>{timeAgo(ticket.createdAt)}</span> · updated{' '}
          <span title={dateTime(ticket.updatedAt)}>{timeAgo(ticket.updatedAt)}</span>
        </Text>
      </Stack>

      <RejectionAlert ticket={ticket} isRequester={isRequester} />
      {ticket.incident ? <MajorBanner ticket={ticket} incident={ticket.incident} agent={agent} /> : null}
      <KnownErrors ticket={ticket} />
      {ticket.incident ? <ProblemLink ticket={ticket} /> : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {isRequester ? <RequesterActions ticket={ticket} /> : null}
            {agent ? <AgentActions ticket={ticket} retryRef={retryRef} /> : null}
            {!agent && !isRequester && ticket.availableTransitions.some((t) => t.name === 'cancel') ? (
              <CancelButton ticket={ticket} />
            ) : null}
            {ticket.canApprove ? <ApprovalActions ticket={ticket} /> : null}
            {ticket.problem ? <ProblemMain ticket={ticket} problem={ticket.problem} agent={agent} /> : null}
            {ticket.incident?.description ? (
              <Paper withBorder p="md">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {ticket.incident.description}
                </Text>
              </Paper>
            ) : null}
            {ticket.incident && agent ? <UpdateForm ticket={ticket} /> : null}
            {ticket.incident ? <IncidentTimeline incident={ticket.incident} /> : null}
            <Paper withBorder p="md" component="section" aria-labelledby="timeline-heading">
              <Title order={2} fz="lg" id="timeline-heading" mb="sm">
                Timeline
              </Title>
              <TicketTimeline items={mergeTimeline(ticket)} />
            </Paper>
            <AttachmentsPanel ticket={ticket} />
            <CommentBox ticket={ticket} agent={agent} isRequester={isRequester} textareaRef={commentRef} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            {agent ? <AssigneePanel ticket={ticket} me={me} takeRef={takeRef} /> : null}
            {ticket.incident ? <ImpactPanel ticket={ticket} incident={ticket.incident} /> : null}
            {ticket.incident?.major || (ticket.incident && agent) ? (
              <RolesPanel ticket={ticket} incident={ticket.incident} agent={agent} />
            ) : null}
            {ticket.problem ? <ProblemSide ticket={ticket} /> : null}
            {ticket.kind === 'request' || ticket.kind === 'change' ? <FieldsPanel ticket={ticket} /> : null}
            {ticket.change ? <ChangePanel ticket={ticket} agent={agent} /> : null}
            {ticket.approvals.length ? <ApprovalsPanel ticket={ticket} /> : null}
            {agent && ticket.kind === 'request' ? <RunsPanel ticketKey={ticket.key} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
