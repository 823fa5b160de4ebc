// Tickets of every kind: creating one, finding it for a caller, commenting, and the transitions
// people and the system fire. Every write is one transaction holding the change, its history, its
// audit rows and the jobs it causes.
import { and, eq, getTableColumns, gte, inArray, lt, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { FieldValues } from '../../../shared/fields.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { decideTransition, getWorkflow, statusOf } from '../workflow/index.js';
import { chooseAutoAssignee } from './auto-assign.js';
import { readsAsThanks } from './comment-intent.js';
import { nextTicketKey, type Priority, type TicketKind } from './kinds.js';
import {
  emitTicketEvent,
  fireTransition,
  fireTransitionIf,
  insertComment,
  lockTicket,
  runEffects,
  systemRoles,
  type TicketRow,
  ticketEvent,
} from './lifecycle.js';
import { ticketComments, ticketHistory, ticketParticipants, tickets } from './tickets.schema.js';
import { insertTicketWithHistory, ticketRowFromJson } from './tickets.writes.js';
import { canSee, relationsOf, responderRole, viewerOf } from './visibility.js';

export interface NewTicket {
  kind: TicketKind;
  title: string;
  workflowKey: string;
  requesterId: string;
  teamId: string | null;
  priority?: Priority;
  assigneeId?: string | null;
  requestTypeId?: string | null;
  fields?: FieldValues;
}

/**
 * Creates a ticket of any kind in the caller's transaction: the row with the kind's next key, the
 * `create` history row, the event for listeners, and the effects of the workflow's first status.
 * Practices call this and then write their own extension rows keyed by the ticket's id.
 */
export async function createTicket(tx: Tx, actor: Actor, input: NewTicket, now: Date): Promise<TicketRow> {
  const workflow = await getWorkflow(tx, input.workflowKey);
  // A team that assigns its new tickets itself (round robin or by load) names the assignee now.
  const assigneeId =
    input.assigneeId ?? (input.teamId ? await chooseAutoAssignee(tx, input.teamId) : null) ?? null;
  // The number, the row and its `create` history in one statement (issue 18).
  const ticket = await insertTicketWithHistory(tx, {
    kind: input.kind,
    priority: input.priority ?? 'moderate',
    requestTypeId: input.requestTypeId ?? null,
    workflowKey: workflow.key,
    status: workflow.initial,
    title: input.title,
    fields: input.fields ?? {},
    requesterId: input.requesterId,
    teamId: input.teamId,
    assigneeId,
    now,
    actor,
  });
  await emitTicketEvent(
    tx,
    ticketEvent(ticket, 'ticket.created', actor, now, {
      statusHistory: [{ at: now, from: null, to: workflow.initial }],
    }),
  );
  // The auto-assigned agent hears of it as of any assignment (the requester's own filing is not one).
  if (assigneeId && !input.assigneeId)
    await emitTicketEvent(
      tx,
      ticketEvent(ticket, 'ticket.assigned', systemActor('auto-assign'), now, { previousAssigneeId: null }),
    );
  return runEffects(tx, workflow, ticket, actor, now);
}

export async function findTicketByKey(context: AppContext, key: string): Promise<TicketRow | undefined> {
  const [ticket] = await context.db.select().from(tickets).where(eq(tickets.key, key.toUpperCase()));
  return ticket;
}

export async function getTicketById(db: Queryable, id: string): Promise<TicketRow | undefined> {
  const [ticket] = await getTicketByIdStatement.run(db, { id });
  return ticket;
}

// Built once: jobs of every ticket read it.
const getTicketByIdStatement = prebuilt(
  (db, p: { id: string }) => db.select().from(tickets).where(eq(tickets.id, p.id)),
  { id: '00000000-0000-4000-8000-000000000001' },
);

/**
 * The ticket of `id` (a column or value of the caller's query) as one JSON value, for another
 * module's select that reads its own row and the ticket in one statement (issue 18); null when
 * there is no such ticket. Read it back with `ticketFromJson`.
 */
export function ticketJsonById(id: SQLWrapper): SQL<unknown> {
  return sql`(select ${ticketJsonObject} from ${tickets} where ${tickets.id} = ${id})`;
}

// The object's text, written once: as a fragment of ~40 parts Drizzle rebuilt it on every statement
// that embeds it (each notification dispatched, each fulfilment claim). Keys are property names
// and columns are written as Drizzle qualifies them, so the statement means the same.
const ticketJsonObject = sql.raw(
  `json_build_object(${Object.entries(getTableColumns(tickets))
    .map(([key, column]) => `'${key}'::text, "tickets"."${column.name}"`)
    .join(', ')})`,
);

/** The row `ticketJsonById` selected, as `getTicketById` returns it. */
export function ticketFromJson(value: unknown): TicketRow | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return ticketRowFromJson(value as Record<string, unknown>);
}

/** Keys of tickets by id (for lists that mention tickets: deliveries, inbox). */
export async function ticketKeysByIds(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: tickets.id, key: tickets.key })
    .from(tickets)
    .where(inArray(tickets.id, unique));
  return new Map(rows.map((row) => [row.id, row.key]));
}

export async function ticketsByIds(db: Queryable, ids: readonly string[]): Promise<Map<string, TicketRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(tickets).where(inArray(tickets.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The ticket, if the caller may see it; otherwise "not found" (its existence is not revealed). */
export async function ticketForCaller(context: AppContext, principal: Principal, key: string) {
  const ticket = await findTicketByKey(context, key);
  const viewer = await viewerOf(context.db, principal);
  if (!ticket || !(await canSee(context.db, viewer, ticket))) throw notFound(`The ticket ${key}`);
  return { ticket, viewer };
}

/**
 * `ticketForCaller` in the caller's transaction, the ticket locked FOR NO KEY UPDATE (as
 * `lockTicket`), with the caller's roles on it (as `rolesOf`): one statement reads the ticket,
 * whether the caller takes part in it and in which active roles (issue 18).
 */
export async function lockTicketForCaller(tx: Tx, principal: Principal, key: string) {
  const viewer = await viewerOf(tx, principal);
  const [row] = await lockTicketForCallerStatement.run(tx, {
    userId: principal.user.id,
    key: key.toUpperCase(),
  });
  if (!row || !(await canSee(tx, viewer, row.ticket, row.participant))) throw notFound(`The ticket ${key}`);
  const roles = relationsOf(
    viewer,
    row.ticket,
    row.active.includes('approver'),
    row.active.some((role) => role.startsWith(responderRole)),
  );
  return { ticket: row.ticket, viewer, roles };
}

// Built once: every action on a ticket (approve, comment, transition) runs it.
const lockTicketForCallerStatement = prebuilt(
  (db, p: { userId: string; key: string }) =>
    db
      .select({
        ticket: tickets,
        participant: sql<boolean>`exists (select 1 from ${ticketParticipants} where ${ticketParticipants.ticketId} = ${tickets.id} and ${ticketParticipants.userId} = ${p.userId})`,
        active: sql<
          string[]
        >`array(select ${ticketParticipants.role} from ${ticketParticipants} where ${ticketParticipants.ticketId} = ${tickets.id} and ${ticketParticipants.userId} = ${p.userId} and ${ticketParticipants.active})`,
      })
      .from(tickets)
      .where(eq(tickets.key, p.key))
      .for('no key update'),
  { userId: '00000000-0000-4000-8000-000000000001', key: 'REQ-1' },
);

export async function addComment(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { body: string; internal: boolean; reopen?: boolean | undefined },
  requestId?: string,
  /** Writes what belongs to the comment (its attachments) in the comment's transaction. */
  attach?: (tx: Tx, ticket: TicketRow, commentId: string) => Promise<void>,
) {
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    // Visibility, the lock and the caller's roles in one read (issue 18).
    const { ticket: locked, roles } = await lockTicketForCaller(tx, principal, key);
    if (input.internal && !principal.permissions.has('ticket:comment:internal')) {
      throw forbidden('Only agents may write internal comments.');
    }
    if (input.internal && !roles.has('agent')) {
      throw forbidden('Only the agents of the ticket’s team may write internal comments.');
    }
    const comment = { body: input.body, internal: input.internal };
    // The requester answering where the workflow says so moves the ticket: a delivered request
    // that does not work (paper, section 4.5), a resolved incident that is not fixed — unless they
    // say it only comments (reopen: false) or, when they do not say, the comment reads as thanks.
    // A comment that stays reaches the team, whose agents may still take the ticket back.
    if (roles.has('requester') && !input.internal) {
      const workflow = await getWorkflow(tx, locked.workflowKey);
      const name = statusOf(workflow, locked.status).onRequesterComment;
      const reopen = input.reopen ?? !readsAsThanks(input.body);
      if (name && reopen) {
        const moved = await fireTransition(tx, { ticket: locked, name, actor, roles, now, comment });
        if (attach) await attach(tx, locked, await commentWritten(tx, locked.id, actor, now, input.body));
        return moved;
      }
    }
    const written = await insertComment(tx, locked, actor, comment, now);
    if (attach) await attach(tx, locked, written.id);
    await emitTicketEvent(
      tx,
      ticketEvent(locked, 'ticket.commented', actor, now, { internal: input.internal }),
    );
    return locked;
  });
}

/** The comment a transition just wrote for the actor (same transaction, same instant). */
async function commentWritten(tx: Tx, ticketId: string, actor: Actor, at: Date, body: string) {
  const [row] = await tx
    .select({ id: ticketComments.id })
    .from(ticketComments)
    .where(
      and(
        eq(ticketComments.ticketId, ticketId),
        eq(ticketComments.at, at),
        eq(ticketComments.authorLabel, actor.label),
        eq(ticketComments.body, body),
      ),
    )
    .limit(1);
  if (!row) throw new Error('the comment of the transition was not written');
  return row.id;
}

/** A transition fired by a person through the API (confirm, retry, resolve, cancel …). */
export async function transitionByName(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { name: string; comment?: string | undefined },
  requestId?: string,
): Promise<TicketRow> {
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    // Visibility, the lock and the caller's roles in one read (issue 18).
    const { ticket: locked, roles } = await lockTicketForCaller(tx, principal, key);
    return fireTransition(tx, {
      ticket: locked,
      name: input.name,
      actor,
      roles,
      now,
      comment: input.comment ? { body: input.comment, internal: false } : undefined,
    });
  });
}

/**
 * Fires a system transition on a ticket (verification, approval outcome, automation, auto-close)
 * if it is still in `expectedStatus`; null when it moved on meanwhile (jobs may run twice). Given
 * the ticket as the caller read it (not the id), a transition without guards is fired without a
 * lock read: its status change locks the row and re-checks the status (issue 18).
 */
export async function fireSystemTransition(
  context: AppContext,
  actor: Actor,
  ticketOrId: TicketRow | string,
  name: string,
  expectedStatus: string,
  comment?: { body: string; internal: boolean; kind?: string; data?: unknown },
): Promise<TicketRow | null> {
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    if (typeof ticketOrId !== 'string' && ticketOrId.status === expectedStatus) {
      const workflow = await getWorkflow(tx, ticketOrId.workflowKey);
      const decision = decideTransition(workflow, expectedStatus, name, systemRoles);
      if (decision.ok && decision.transition.guards.length === 0) {
        return fireTransitionIf(tx, {
          ticket: ticketOrId,
          name,
          actor,
          roles: systemRoles,
          now,
          comment,
          onlyIfStatus: expectedStatus,
        });
      }
    }
    const ticket = await lockTicket(tx, typeof ticketOrId === 'string' ? ticketOrId : ticketOrId.id);
    // Jobs may run twice: a ticket that moved on meanwhile is left alone.
    if (ticket.status !== expectedStatus) return null;
    return fireTransition(tx, { ticket, name, actor, roles: systemRoles, now, comment });
  });
}

export interface ImportedTicket {
  kind: TicketKind;
  requestTypeId: string | null;
  workflowKey: string;
  status: string;
  statusChangedAt: Date;
  title: string;
  fields: FieldValues;
  requesterId: string;
  teamId: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  history: { at: Date; actor: Actor; transition: string; from: string | null; to: string }[];
}

/**
 * Writes a ticket as it happened in the past, with its whole history (seeding a demo's history,
 * importing from another tool): no effects, no events. Returns the new ticket's id.
 */
export async function importTicket(tx: Tx, input: ImportedTicket): Promise<string> {
  const { number, key } = await nextTicketKey(tx, input.kind);
  const { history, ...row } = input;
  const [inserted] = await tx
    .insert(tickets)
    .values({ ...row, number, key })
    .returning({ id: tickets.id });
  if (history.length > 0) {
    await tx.insert(ticketHistory).values(
      history.map((entry) => ({
        ticketId: inserted!.id,
        at: entry.at,
        actorKind: entry.actor.kind,
        actorId: entry.actor.id,
        actorLabel: entry.actor.label,
        transition: entry.transition,
        fromStatus: entry.from,
        toStatus: entry.to,
      })),
    );
  }
  return inserted!.id;
}

export async function hasTicketsCreatedBetween(db: Queryable, from: Date, to: Date): Promise<boolean> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(gte(tickets.createdAt, from), lt(tickets.createdAt, to)))
    .limit(1);
  return rows.length > 0;
}
