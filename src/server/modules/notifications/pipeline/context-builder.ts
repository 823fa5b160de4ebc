// The render context of one occurrence, shared by all its recipients (each delivery adds its
// recipient and personal links). Built once by the dispatch job, from the facts recorded with
// the occurrence and the ticket as it is then; the status is the one the event left it in.
import type { AppContext } from '../../../context.js';
import type { Queryable } from '../../../db/client.js';
import { formatDuration } from '../../../lib/template-filters.js';
import { cachedUsersById } from '../../identity/index.js';
import { incidentBaseContext } from '../incidents/incident-context.js';
import type { notificationEvents } from '../notifications.schema.js';
import { type CommentRead, type DecisionRead, readEventFacts } from './event-reads.js';
import { isNotificationEvent, type NotificationEvent } from './events.js';
import { autoCloseAt } from './reminders.js';
import { slaFactsSchema } from './sla-events.js';
import { displayFieldValue, personOf, requestCommon, teamOf } from './ticket-context.js';
import type { TicketEventFacts } from './ticket-events.js';
import { allFieldDefinitions, loadTicket, statusName, type TicketSnapshot } from './ticket-facts.js';

export type EventRow = typeof notificationEvents.$inferSelect;
export type BaseContext = Record<string, unknown>;

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1_000));
const iso = (date: Date) => date.toISOString();

interface Builder {
  context: AppContext;
  db: Queryable;
  row: EventRow;
  snapshot: TicketSnapshot;
  facts: Partial<TicketEventFacts>;
  at: Date;
  /** What the event's entry of `event-reads.ts` read, by name. */
  reads: Record<string, unknown>;
}

const commentRead = (reads: Record<string, unknown>) => (reads.comment ?? null) as CommentRead | null;
const time = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);

function verificationFacts({ row, snapshot, reads }: Builder) {
  const written = commentRead(reads);
  const problems = ((written?.data as { problems?: { field: string; message: string }[] } | null)?.problems ??
    []) as { field: string; message: string }[];
  const definitions = snapshot.requestType?.fields ?? [];
  const reasons = problems.map((problem) => {
    const definition = definitions.find((field) => field.key === problem.field);
    return {
      field: problem.field,
      label: definition?.label ?? problem.field,
      value: displayFieldValue(definition, snapshot.ticket.fields[problem.field]),
      // The template shows the label already: "Staging environment: there is no …" loses its prefix.
      reason: problem.message.startsWith(`${definition?.label ?? problem.field}: `)
        ? problem.message.slice(`${definition?.label ?? problem.field}: `.length)
        : problem.message,
    };
  });
  if (reasons.length === 0)
    reasons.push({
      field: 'request',
      label: 'Request',
      value: '',
      reason: written?.body ?? 'The request could not be verified.',
    });
  return { verification: { checkedAt: iso(row.occurredAt), reasons } };
}

async function decisionFacts({ db, at, facts, reads }: Builder, state: 'approved' | 'declined') {
  const decided = (reads.decision ?? null) as DecisionRead | null;
  const by = decided ? (await cachedUsersById(db, [decided.approverId])).get(decided.approverId) : undefined;
  const decision = by && decided ? { approver: by, comment: decided.comment } : null;
  const approver = decision
    ? personOf(decision.approver)
    : {
        id: null,
        name: facts.actorLabel?.startsWith('system:') ? 'Opsdesk' : (facts.actorLabel ?? 'Opsdesk'),
        email: null,
      };
  const written = decision?.comment ?? commentRead(reads)?.body ?? null;
  const comment = state === 'declined' ? (decision?.comment ?? 'No reason was given.') : written;
  return { approver, approval: { decidedAt: iso(at), comment } };
}

function fulfilmentFacts({ context, snapshot, at, reads }: Builder) {
  const result = commentRead(reads)?.body ?? 'The request was completed by the infrastructure team.';
  const started = time(reads.started);
  return {
    fulfilment: {
      result,
      completedAt: iso(at),
      durationSeconds: started ? seconds(started, at) : 0,
      autoCloseAt: iso(autoCloseAt(context.config, snapshot.requestType, at)),
    },
  };
}

function escalationFacts({ snapshot, at, facts, reads }: Builder) {
  const automation = facts.transition !== 'report_problem';
  const message = commentRead(reads)?.body ?? 'No details were given.';
  return {
    team: teamOf(snapshot),
    assignee: snapshot.assignee ? personOf(snapshot.assignee) : null,
    escalation: {
      reason: automation ? ('automation_failed' as const) : ('requester_reported_problem' as const),
      reasonLabel: automation ? 'The automation failed' : 'The requester reported a problem',
      message,
      at: iso(at),
    },
  };
}

function closureFacts({ snapshot, at, facts, reads }: Builder) {
  const noAnswer = facts.transition === 'auto_close';
  const waitingSince = time(reads.waitingSince);
  const waited = waitingSince ? seconds(waitingSince, at) : 0;
  const days = Math.round(waited / 8_640) / 10;
  const span = waited < 86_400 ? formatDuration(waited) : `${days} day${days === 1 ? '' : 's'}`;
  return {
    closure: {
      reason: noAnswer ? ('no_answer' as const) : ('confirmed_by_requester' as const),
      reasonLabel: noAnswer ? `nobody answered for ${span}` : 'you confirmed that it works',
      closedAt: iso(at),
      resolutionSeconds: seconds(snapshot.ticket.createdAt, at),
    },
  };
}

function reminderFacts({ row, at, reads }: Builder) {
  const { enteredAt, autoCloseAt: closesAt } = row.facts as { enteredAt: string; autoCloseAt: string };
  const result = (reads.result as string | null | undefined) ?? 'The request was completed.';
  return {
    reminder: {
      waitingSince: enteredAt,
      waitingSeconds: seconds(new Date(enteredAt), at),
      autoCloseAt: closesAt,
      result,
    },
  };
}

function slaFacts({ row, snapshot }: Builder) {
  const facts = slaFactsSchema.parse(row.facts);
  const common = {
    name: facts.policyName,
    metric: facts.metricKey,
    metricLabel: facts.metricName,
    goalSeconds: facts.goalSeconds,
    elapsedSeconds: facts.elapsedSeconds,
    dueAt: facts.dueAt,
    team: teamOf(snapshot),
  };
  const sla =
    facts.kind === 'warning'
      ? { ...common, remainingSeconds: Math.max(0, facts.goalSeconds - facts.elapsedSeconds) }
      : {
          ...common,
          overdueSeconds: Math.max(0, facts.elapsedSeconds - facts.goalSeconds),
          breachedAt: facts.breachedAt ?? facts.dueAt,
        };
  return { assignee: snapshot.assignee ? personOf(snapshot.assignee) : null, sla };
}

async function assignmentFacts({ db, snapshot, facts }: Builder) {
  const by = facts.actorId ? (await cachedUsersById(db, [facts.actorId])).get(facts.actorId) : undefined;
  return {
    team: teamOf(snapshot),
    assignee: snapshot.assignee ? personOf(snapshot.assignee) : { id: null, name: 'nobody', email: null },
    assignedBy: by ? personOf(by) : { id: null, name: facts.actorLabel ?? 'Opsdesk', email: null },
  };
}

function resolutionFacts({ at, reads }: Builder) {
  const written = commentRead(reads);
  const resolvedWith = /^Resolved with ([A-Z]+-\d+)/.exec(written?.body ?? '')?.[1] ?? null;
  return {
    resolution: {
      message: written?.body ?? 'It was resolved.',
      resolvedAt: iso(at),
      resolvedWith,
    },
  };
}

async function eventFacts(event: NotificationEvent, builder: Builder): Promise<BaseContext> {
  switch (event) {
    case 'request.verification_failed':
      return verificationFacts(builder);
    case 'approval.requested':
      return {
        approval: {
          requestedAt: iso(builder.at),
          linksExpireAt: iso(
            new Date(builder.at.getTime() + builder.context.config.approvalLinkDays * 86_400_000),
          ),
        },
      };
    case 'request.approved':
      return decisionFacts(builder, 'approved');
    case 'request.declined':
      return decisionFacts(builder, 'declined');
    case 'request.fulfilled':
      return fulfilmentFacts(builder);
    case 'request.need_further_support':
      return escalationFacts(builder);
    case 'request.waiting_for_customer_reminder':
      return reminderFacts(builder);
    case 'sla.warning':
    case 'sla.breached':
      return slaFacts(builder);
    case 'request.closed':
      return closureFacts(builder);
    case 'ticket.opened':
      return {
        team: teamOf(builder.snapshot),
        assignee: builder.snapshot.assignee ? personOf(builder.snapshot.assignee) : null,
      };
    case 'ticket.assigned':
      return assignmentFacts(builder);
    case 'ticket.resolved':
      return resolutionFacts(builder);
    default:
      return {};
  }
}

/** The shared context of an occurrence, or null when its ticket or communication is gone. */
export async function buildBaseContext(
  context: AppContext,
  row: EventRow,
  loaded?: TicketSnapshot | null,
  read?: Record<string, unknown> | null,
): Promise<BaseContext | null> {
  if (!isNotificationEvent(row.event)) return null;
  if (row.incidentCommunicationId) return incidentBaseContext(context, row.incidentCommunicationId);
  if (!row.ticketId) return null;
  const { db } = context;
  const snapshot = loaded ?? (await loadTicket(db, row.ticketId));
  if (!snapshot) return null;
  const facts = row.facts as Partial<TicketEventFacts>;
  const statusKey = facts.to ?? snapshot.ticket.status;
  const common = requestCommon(
    {
      snapshot,
      status: {
        key: statusKey,
        name: await statusName(db, snapshot.ticket, statusKey, facts.transition ?? undefined),
      },
      updatedAt: row.occurredAt,
      allFields: await allFieldDefinitions(db),
    },
    context.config.publicUrl,
  );
  // The event's facts: read with the occurrence by the dispatch job, else here (a preview).
  const reads = read !== undefined ? (read ?? {}) : await readEventFacts(db, row);
  const specific = await eventFacts(row.event, {
    context,
    db,
    row,
    snapshot,
    facts,
    at: row.occurredAt,
    reads,
  });
  return { ...common, ...specific };
}
