// Firing a transition: the status change, its history row, an optional comment, the event for
// live updates and subscribers, and the effects of the status entered — all in the caller's
// transaction. Practice modules plug in through `configureTicketCore` (set once by the composition
// root from `flows/`), which keeps the core free of imports from the practices.
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { type Actor, atCommit, type Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { badRequest, conflict, forbidden, internal, notFound } from '../../lib/errors.js';
import {
  decideTransition,
  getWorkflow,
  statusOf,
  type TransitionActor,
  type WorkflowDefinition,
} from '../workflow/index.js';
import type {
  TicketSearchFilter,
  TicketSummaryPart,
  TicketViewPart,
  TicketVisibilityRule,
} from './extensions.js';
import type { StatusChange } from './tickets.reads.js';
import { ticketComments, tickets } from './tickets.schema.js';
import { writeTransition } from './tickets.writes.js';

export type TicketRow = typeof tickets.$inferSelect;

export interface TicketEvent {
  type:
    | 'ticket.created'
    | 'ticket.transitioned'
    | 'ticket.commented'
    | 'ticket.assigned'
    | 'ticket.updated'
    | 'ticket.linked'
    | 'approval.requested';
  ticketId: string;
  key: string;
  kind: string;
  status: string;
  priority: string;
  requesterId: string;
  teamId: string | null;
  assigneeId: string | null;
  requestTypeId: string | null;
  at: Date;
  actor: Actor;
  transition?: string;
  from?: string | null;
  /** For ticket.commented: whether requesters may see it. */
  internal?: boolean;
  /** For ticket.assigned: who had it before. */
  previousAssigneeId?: string | null;
  /**
   * For ticket.created and ticket.transitioned: the ticket's status history as this change left
   * it, oldest first (read by the change's own statement, so the SLA clocks need not read it).
   */
  statusHistory?: readonly StatusChange[];
}

/** The event of `type` about a ticket as it is now. */
export function ticketEvent(
  ticket: TicketRow,
  type: TicketEvent['type'],
  actor: Actor,
  at: Date,
  extra: Pick<TicketEvent, 'transition' | 'from' | 'internal' | 'previousAssigneeId' | 'statusHistory'> = {},
): TicketEvent {
  return {
    type,
    ticketId: ticket.id,
    key: ticket.key,
    kind: ticket.kind,
    status: ticket.status,
    priority: ticket.priority,
    requesterId: ticket.requesterId,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    requestTypeId: ticket.requestTypeId,
    at,
    actor,
    ...extra,
  };
}

/**
 * An effect of entering a status. One that fires a further transition on the ticket (approval not
 * needed, no automation …) returns the ticket as that left it; one that leaves it returns nothing.
 */
export type EffectHandler = (
  tx: Tx,
  ticket: TicketRow,
  actor: Actor,
  now: Date,
  // biome-ignore lint/suspicious/noConfusingVoidType: an effect that moves nothing is any `async` function.
) => Promise<TicketRow | undefined | void>;
/** Returns why the transition may not fire now, or null. */
/** Judges a transition at `now`, the instant the transition is fired at. */
export type GuardHandler = (tx: Tx, ticket: TicketRow, now: Date) => Promise<string | null>;
/** Called in the transaction of every ticket event (notifications, SLA timers enqueue their jobs here). */
export type TicketListener = (tx: Tx, event: TicketEvent) => Promise<void>;

/**
 * How the practices extend the one ticket core, assembled by `flows/` at start: what a status
 * does when entered (the workflow names effects), what a transition checks (guards), who hears
 * every ticket event, and the parts practices add to a ticket's view, its list rows and search.
 */
export interface TicketExtensions {
  effects: Readonly<Record<string, EffectHandler>>;
  guards: Readonly<Record<string, GuardHandler>>;
  listeners: readonly TicketListener[];
  viewParts: readonly TicketViewPart[];
  summaryParts: readonly TicketSummaryPart[];
  searchFilters: Readonly<Record<string, TicketSearchFilter>>;
  visibility: readonly TicketVisibilityRule[];
}

let extensions: TicketExtensions | null = null;

export function configureTicketCore(configured: TicketExtensions): void {
  extensions = configured;
}

export function ticketExtensions(): TicketExtensions {
  if (!extensions) throw new Error('the ticket core is not configured (flows/index.ts does it at start)');
  return extensions;
}

/** Live updates: delivered to SSE listeners at commit (see tickets.events.ts). */
export const ticketEventChannel = 'opsdesk_ticket_events';

export async function emitTicketEvent(tx: Tx, event: TicketEvent): Promise<void> {
  await notifyLive(tx, event);
  for (const listener of ticketExtensions().listeners) await listener(tx, event);
}

/** The NOTIFY for live updates (also sent on its own when participants are added), with the participants. */
export async function notifyLive(
  tx: Tx,
  event: Pick<
    TicketEvent,
    'type' | 'ticketId' | 'key' | 'kind' | 'status' | 'requesterId' | 'teamId' | 'assigneeId' | 'internal'
  >,
) {
  const payload = {
    type: event.type,
    ticketId: event.ticketId,
    key: event.key,
    kind: event.kind,
    status: event.status,
    requesterId: event.requesterId,
    teamId: event.teamId,
    assigneeId: event.assigneeId,
    internal: event.internal ?? false,
  };
  // A NOTIFY is delivered at COMMIT anyway: sent with it, in the same round trip (issue 18).
  const statement = liveNotifyStatement(payload, event.ticketId);
  if (atCommit(tx, () => statement)) return;
  await tx.execute(sql.raw(statement));
}

/** Participants named per NOTIFY: PostgreSQL refuses a payload of 8,000 bytes or more. */
const participantsPerMessage = 100;
/** Users named per bell message, for the same reason. */
const usersPerMessage = 150;

/**
 * The live update's NOTIFY with the ticket's participants (who may see it) read at commit: one
 * message per hundred participants (a major incident's followers can be many), one when none.
 * Literal SQL (values escaped): it also rides in the COMMIT's round trip. The work is a function
 * (migration 0029) so that its statement is planned once per connection, not on every change.
 */
function liveNotifyStatement(payload: object, ticketId: string): string {
  return `select opsdesk_ticket_live_notify('${ticketEventChannel}', ${pg.escapeLiteral(JSON.stringify(payload))}::jsonb, ${pg.escapeLiteral(ticketId)}::uuid, ${participantsPerMessage})`;
}

/** The bell's messages for these people: as many as keep each NOTIFY under PostgreSQL's limit. */
export function bellMessages(userIds: readonly string[]): string[] {
  const unique = [...new Set(userIds)];
  const messages: string[] = [];
  for (let index = 0; index < unique.length; index += usersPerMessage)
    messages.push(
      JSON.stringify({ type: 'notification', userIds: unique.slice(index, index + usersPerMessage) }),
    );
  return messages;
}

/** Tells these people's open pages that something arrived for them (the in-app bell). */
export async function notifyUsers(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const statement = `select ${bellMessages(userIds)
    .map((message) => `pg_notify('${ticketEventChannel}', ${pg.escapeLiteral(message)})`)
    .join(', ')}`;
  if (atCommit(tx, () => statement)) return;
  await tx.execute(sql.raw(statement));
}

export async function lockTicket(tx: Tx, ticketId: string): Promise<TicketRow> {
  const [ticket] = await lockTicketStatement.run(tx, { ticketId });
  if (!ticket) throw notFound('The ticket');
  return ticket;
}

// Built once: every transition locks its ticket.
const lockTicketStatement = prebuilt(
  (db, p: { ticketId: string }) =>
    db.select().from(tickets).where(eq(tickets.id, p.ticketId)).for('no key update'),
  { ticketId: '00000000-0000-4000-8000-000000000001' },
);

export interface CommentInput {
  body: string;
  internal: boolean;
  kind?: string;
  data?: unknown;
}

export async function insertComment(
  tx: Tx,
  ticket: TicketRow,
  actor: Actor,
  comment: CommentInput,
  now: Date,
) {
  const [row] = await insertCommentStatement.run(tx, {
    ticketId: ticket.id,
    at: now,
    authorKind: actor.kind,
    authorId: actor.id,
    authorLabel: actor.label,
    body: comment.body,
    internal: comment.internal,
    kind: comment.kind ?? 'comment',
    data: comment.data ?? null,
  });
  return row!;
}

// Built once: most transitions write a comment.
const insertCommentStatement = prebuilt(
  (db, p: typeof ticketComments.$inferInsert & { at: Date; authorId: string | null; data: unknown }) =>
    db
      .insert(ticketComments)
      .values({
        ticketId: p.ticketId,
        at: p.at,
        authorKind: p.authorKind,
        authorId: p.authorId,
        authorLabel: p.authorLabel,
        body: p.body,
        internal: p.internal,
        kind: p.kind,
        data: p.data,
      })
      .returning(),
  {
    ticketId: '00000000-0000-4000-8000-000000000001',
    at: new Date('2026-01-02T03:04:05.678Z'),
    authorKind: 'system',
    authorId: null,
    authorLabel: 'system:test',
    body: 'Body',
    internal: false,
    kind: 'comment',
    data: null,
  },
);

export async function runEffects(
  tx: Tx,
  workflow: WorkflowDefinition,
  ticket: TicketRow,
  actor: Actor,
  now: Date,
): Promise<TicketRow> {
  let current = ticket;
  for (const effect of statusOf(workflow, ticket.status).onEnter) {
    const handler = ticketExtensions().effects[effect];
    if (!handler) throw internal(`No module carries out the effect "${effect}" of status ${ticket.status}.`);
    // An effect that moved the ticket on returns it as it is now (no re-read, issue 18).
    const moved = await handler(tx, ticket, actor, now);
    if (moved) current = moved;
  }
  return current;
}

export interface TransitionInput {
  ticket: TicketRow;
  name: string;
  actor: Actor;
  roles: ReadonlySet<TransitionActor>;
  now: Date;
  comment?: CommentInput | undefined;
  /** Why, in the actor's own words (kept as the outcome's reason when the transition names an outcome). */
  reason?: string | undefined;
}

/**
 * Fires `name` on a ticket locked by the caller. `roles` are the actor's relations to the ticket.
 * Returns the ticket as it ends up (effects may move it further, e.g. approval → fulfilment).
 */
export async function fireTransition(tx: Tx, input: TransitionInput): Promise<TicketRow> {
  const moved = await fireTransitionIf(tx, input);
  if (!moved) throw notFound('The ticket');
  return moved;
}

/**
 * `fireTransition`; with `onlyIfStatus`, on a ticket the caller read without locking it: the
 * status change locks its row and writes only if the ticket is still in that status (null
 * otherwise, nothing written). The transition must then have no guards (they judge a locked row).
 */
export async function fireTransitionIf(
  tx: Tx,
  input: TransitionInput & { onlyIfStatus?: string | undefined },
): Promise<TicketRow | null> {
  const { ticket, actor, now } = input;
  const workflow = await getWorkflow(tx, ticket.workflowKey);
  const decision = decideTransition(workflow, ticket.status, input.name, input.roles);
  if (!decision.ok) {
    if (decision.reason === 'not_allowed') throw forbidden(decision.message, 'transition_not_allowed');
    if (decision.reason === 'unknown_transition')
      throw badRequest('unknown_transition', `name: ${decision.message}`);
    throw conflict('transition_not_possible', decision.message, { status: ticket.status });
  }
  const { transition, to } = decision;
  if (input.onlyIfStatus !== undefined && transition.guards.length > 0)
    throw internal(`${transition.name} has guards: it needs a locked ticket.`);
  for (const guard of transition.guards) {
    const check = ticketExtensions().guards[guard];
    if (!check) throw internal(`No module checks the guard "${guard}" of ${transition.name}.`);
    const refusal = await check(tx, ticket, now);
    if (refusal) throw conflict('transition_not_possible', refusal);
  }
  if (transition.requiresComment && !input.comment?.body.trim()) {
    throw badRequest('comment_required', `comment: "${transition.label}" needs a comment saying why.`);
  }
  const wasResolved = statusOf(workflow, ticket.status).resolves;
  // The status, its history row and the comment in one statement, which also reads the status
  // history for the listeners (issue 18).
  const written = await writeTransition(tx, {
    ticketId: ticket.id,
    onlyIfStatus: input.onlyIfStatus,
    transition: transition.name,
    from: ticket.status,
    to: to.key,
    resolvedAt: to.resolves ? (wasResolved ? 'keep' : now) : null,
    closedAt: to.category === 'done' ? now : null,
    outcome: transition.outcome ?? null,
    outcomeReason: transition.outcome ? input.reason?.trim() || null : null,
    now,
    actor,
    comment: input.comment,
  });
  if (!written) return null;
  const updated = written.ticket;
  await emitTicketEvent(
    tx,
    ticketEvent(updated, 'ticket.transitioned', actor, now, {
      transition: transition.name,
      from: ticket.status,
      statusHistory: written.statusHistory,
    }),
  );
  return runEffects(tx, workflow, updated, actor, now);
}

/** For system transitions (verification, approval outcome, automation result, auto-close). */
export const systemRoles: ReadonlySet<TransitionActor> = new Set(['system']);
