// Filing requests, commenting, and the transitions people fire. Every write is one transaction
// holding the change, its history, its audit rows and the jobs it causes.
import { eq, sql } from 'drizzle-orm';
import { type FieldDefinition, type FieldValues, fieldValuesSchema } from '../../../shared/fields.js';
import type { AppContext } from '../../context.js';
import { type Actor, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { badRequest, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { enqueue } from '../../jobs/queue.js';
import { findRequestType, getRequestTypeById } from '../catalog/catalog.service.js';
import { actorOf, type Principal } from '../identity/auth.service.js';
import { statusOf } from '../workflow/engine.js';
import { getWorkflow } from '../workflow/workflow.service.js';
import {
  emitTicketEvent,
  fireTransition,
  insertComment,
  lockTicket,
  runEffects,
  systemRoles,
  type TicketRow,
} from './lifecycle.js';
import { ticketHistory, tickets } from './tickets.schema.js';
import { canSee, rolesOf, viewerOf } from './visibility.js';

export const ticketKeyPrefix = 'REQ';

function titleOf(typeName: string, fields: FieldDefinition[], values: FieldValues): string {
  const summary = fields
    .filter((field) => field.type === 'environment' || field.type === 'text')
    .map((field) => values[field.key])
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .slice(0, 2)
    .join(' · ');
  return summary ? `${typeName}: ${summary}` : typeName;
}

/**
 * Files a request as the caller. Structural problems (unknown request type, wrong JSON types,
 * missing or unknown fields) are refused with a 400 and nothing is stored; the rules are checked
 * by verification, which cancels the ticket with every problem listed.
 */
export async function fileRequest(
  context: AppContext,
  principal: Principal,
  input: { requestType: string; fields: Record<string, unknown> },
  requestId?: string,
): Promise<TicketRow> {
  const type = await findRequestType(context.db, input.requestType);
  if (!type?.active) {
    throw badRequest(
      'unknown_request_type',
      `requestType: there is no request type "${input.requestType}" in the catalog.`,
      [{ field: 'requestType', message: 'unknown request type' }],
    );
  }
  const parsed = fieldValuesSchema(type.fields).safeParse(input.fields);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        field: ['fields', ...issue.path].join('.'),
        message:
          issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
      })),
      'The request does not fit the form',
    );
  }
  const fields = parsed.data;
  const workflow = await getWorkflow(context.db, type.workflowKey);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const [{ number } = { number: 0 }] = (
      await tx.execute<{ number: number }>(
        sql`select nextval(pg_get_serial_sequence('tickets', 'number'))::int as number`,
      )
    ).rows;
    const [ticket] = await tx
      .insert(tickets)
      .values({
        number,
        key: `${ticketKeyPrefix}-${number}`,
        kind: 'request',
        requestTypeId: type.id,
        workflowKey: workflow.key,
        status: workflow.initial,
        statusChangedAt: now,
        title: titleOf(type.name, type.fields, fields),
        fields,
        requesterId: principal.user.id,
        teamId: type.teamId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(ticketHistory).values({
      ticketId: ticket!.id,
      at: now,
      actorKind: actor.kind,
      actorId: actor.id,
      actorLabel: actor.label,
      transition: 'create',
      fromStatus: null,
      toStatus: workflow.initial,
    });
    await emitTicketEvent(tx, {
      type: 'ticket.created',
      ticketId: ticket!.id,
      key: ticket!.key,
      status: ticket!.status,
      requesterId: ticket!.requesterId,
      teamId: ticket!.teamId,
      requestTypeId: ticket!.requestTypeId,
      at: now,
      actor,
    });
    return runEffects(tx, workflow, ticket!, actor, now);
  });
}

export async function findTicketByKey(context: AppContext, key: string): Promise<TicketRow | undefined> {
  const [ticket] = await context.db.select().from(tickets).where(eq(tickets.key, key.toUpperCase()));
  return ticket;
}

/** The ticket, if the caller may see it; otherwise "not found" (its existence is not revealed). */
export async function ticketForCaller(context: AppContext, principal: Principal, key: string) {
  const ticket = await findTicketByKey(context, key);
  const viewer = await viewerOf(context.db, principal);
  if (!ticket || !(await canSee(context.db, viewer, ticket))) throw notFound(`The ticket ${key}`);
  return { ticket, viewer };
}

export async function addComment(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { body: string; internal: boolean },
  requestId?: string,
) {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  if (input.internal && !principal.permissions.has('ticket:comment:internal')) {
    throw forbidden('Only agents may write internal comments.');
  }
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const roles = await rolesOf(tx, viewer, locked);
    if (input.internal && !roles.has('agent')) {
      throw forbidden('Only the agents of the ticket’s team may write internal comments.');
    }
    const comment = { body: input.body, internal: input.internal };
    // The requester answering a delivered request means it is not right (paper, section 4.5).
    if (roles.has('requester') && !input.internal && locked.status === 'waiting_for_customer') {
      const workflow = await getWorkflow(tx, locked.workflowKey);
      if (workflow.transitions.some((t) => t.name === 'report_problem')) {
        return fireTransition(tx, { ticket: locked, name: 'report_problem', actor, roles, now, comment });
      }
    }
    await insertComment(tx, locked, actor, comment, now);
    await emitTicketEvent(tx, {
      type: 'ticket.commented',
      ticketId: locked.id,
      key: locked.key,
      status: locked.status,
      requesterId: locked.requesterId,
      teamId: locked.teamId,
      requestTypeId: locked.requestTypeId,
      at: now,
      actor,
      internal: input.internal,
    });
    return locked;
  });
}

/** A transition fired by a person through the API (confirm, retry, resolve, cancel …). */
export async function transitionByName(
  context: AppContext,
  principal: Principal,
  key: string,
  input: { name: string; comment?: string | undefined },
  requestId?: string,
): Promise<TicketRow> {
  const { ticket, viewer } = await ticketForCaller(context, principal, key);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const locked = await lockTicket(tx, ticket.id);
    const roles = await rolesOf(tx, viewer, locked);
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

/** Fires a system transition on a ticket (verification, approval outcome, automation, auto-close). */
export async function fireSystemTransition(
  context: AppContext,
  actor: Actor,
  ticketId: string,
  name: string,
  expectedStatus: string,
  comment?: { body: string; internal: boolean; kind?: string; data?: unknown },
): Promise<TicketRow | null> {
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    // Jobs may run twice: a ticket that moved on meanwhile is left alone.
    if (ticket.status !== expectedStatus) return null;
    return fireTransition(tx, { ticket, name, actor, roles: systemRoles, now, comment });
  });
}

export async function scheduleAutoClose(
  context: AppContext,
  tx: Tx,
  ticket: TicketRow,
  now: Date,
): Promise<void> {
  const type = ticket.requestTypeId ? await getRequestTypeById(tx, ticket.requestTypeId) : null;
  const days = type?.autoCloseDays ?? context.config.autoCloseDays;
  await enqueue(
    tx,
    'tickets.autoClose',
    { ticketId: ticket.id, enteredAt: now.toISOString() },
    { runAt: new Date(now.getTime() + days * 86_400_000), jobKey: `auto-close:${ticket.id}` },
  );
}

/** The auto-close job: closes the ticket if it is still in the same wait for the customer. */
export async function autoClose(context: AppContext, ticketId: string, enteredAt: string): Promise<void> {
  const actor = systemActor('auto-close');
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    if (ticket.status !== 'waiting_for_customer' || ticket.statusChangedAt.toISOString() !== enteredAt)
      return;
    const workflow = await getWorkflow(tx, ticket.workflowKey);
    const days = Math.round(((now.getTime() - ticket.statusChangedAt.getTime()) / 86_400_000) * 10) / 10;
    await fireTransition(tx, {
      ticket,
      name: 'auto_close',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: `Closed automatically: no answer for ${days} day(s) while ${statusOf(workflow, ticket.status).name.toLowerCase()}.`,
        internal: false,
        kind: 'system',
      },
    });
  });
}
