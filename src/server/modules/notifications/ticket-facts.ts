// What the notification contexts need to know about a ticket, read (never written) from the
// tickets, approvals, catalog and identity tables: the ticket and its people, the comment a
// transition wrote, the approval decided at a moment, when a status was last entered.
import { and, asc, desc, eq, inArray, lte, max } from 'drizzle-orm';
import type { FieldDefinition } from '../../../shared/fields.js';
import type { Queryable } from '../../db/client.js';
import { approvals } from '../approvals/approvals.schema.js';
import { requestTypes } from '../catalog/catalog.schema.js';
import { allRequestTypes } from '../catalog/catalog.service.js';
import { teamMembers, teams, type users } from '../identity/identity.schema.js';
import { cachedUsersById } from '../identity/identity.service.js';
import type { TicketRow } from '../tickets/lifecycle.js';
import { ticketComments, ticketHistory, tickets } from '../tickets/tickets.schema.js';
import { statusOf } from '../workflow/engine.js';
import { getWorkflow } from '../workflow/workflow.service.js';

export type UserRow = typeof users.$inferSelect;
type RequestTypeRow = typeof requestTypes.$inferSelect;

export interface TicketSnapshot {
  ticket: TicketRow;
  requestType: RequestTypeRow | null;
  requester: UserRow;
  team: { id: string; key: string; name: string } | null;
  assignee: UserRow | null;
}

export async function loadTicket(db: Queryable, ticketId: string): Promise<TicketSnapshot | null> {
  const [row] = await db
    .select({
      ticket: tickets,
      requestType: requestTypes,
      team: { id: teams.id, key: teams.key, name: teams.name },
    })
    .from(tickets)
    .leftJoin(requestTypes, eq(requestTypes.id, tickets.requestTypeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .where(eq(tickets.id, ticketId));
  if (!row) return null;
  const { ticket } = row;
  const people = await cachedUsersById(db, [
    ticket.requesterId,
    ...(ticket.assigneeId ? [ticket.assigneeId] : []),
  ]);
  return {
    ticket,
    requestType: row.requestType,
    requester: people.get(ticket.requesterId)!,
    team: row.team,
    assignee: ticket.assigneeId ? (people.get(ticket.assigneeId) ?? null) : null,
  };
}

export async function statusName(db: Queryable, ticket: TicketRow, statusKey: string): Promise<string> {
  try {
    return statusOf(await getWorkflow(db, ticket.workflowKey), statusKey).name;
  } catch {
    return statusKey;
  }
}

/** The comment of one of these kinds that a transition wrote at `at` (the same transaction's clock). */
export async function commentAt(db: Queryable, ticketId: string, at: Date, kinds: string[]) {
  const [comment] = await db
    .select({ body: ticketComments.body, data: ticketComments.data })
    .from(ticketComments)
    .where(
      and(
        eq(ticketComments.ticketId, ticketId),
        eq(ticketComments.at, at),
        inArray(ticketComments.kind, kinds),
      ),
    )
    .orderBy(desc(ticketComments.id))
    .limit(1);
  return comment ?? null;
}

/** The latest non-internal comment of these kinds written at or before `at`. */
export async function latestCommentBefore(db: Queryable, ticketId: string, at: Date, kinds: string[]) {
  const [comment] = await db
    .select({ body: ticketComments.body })
    .from(ticketComments)
    .where(
      and(
        eq(ticketComments.ticketId, ticketId),
        lte(ticketComments.at, at),
        eq(ticketComments.internal, false),
        inArray(ticketComments.kind, kinds),
      ),
    )
    .orderBy(desc(ticketComments.at))
    .limit(1);
  return comment?.body ?? null;
}

/** The approval decided at `at` with this outcome, and who decided it. */
export async function decisionAt(db: Queryable, ticketId: string, at: Date, state: 'approved' | 'declined') {
  const [row] = await db
    .select({ approverId: approvals.approverId, comment: approvals.comment })
    .from(approvals)
    .where(and(eq(approvals.ticketId, ticketId), eq(approvals.state, state), eq(approvals.decidedAt, at)))
    .limit(1);
  if (!row) return null;
  const approver = (await cachedUsersById(db, [row.approverId])).get(row.approverId);
  return approver ? { approver, comment: row.comment } : null;
}

/** When the ticket last entered `status`, at or before `at`. */
export async function lastEntered(db: Queryable, ticketId: string, status: string, at: Date) {
  const [row] = await db
    .select({ at: max(ticketHistory.at) })
    .from(ticketHistory)
    .where(
      and(
        eq(ticketHistory.ticketId, ticketId),
        eq(ticketHistory.toStatus, status),
        lte(ticketHistory.at, at),
      ),
    );
  return row?.at ?? null;
}

/** The approvals still waiting in the ticket's latest round: who the approval email goes to. */
export async function pendingApprovals(db: Queryable, ticketId: string) {
  const [latest] = await db
    .select({ round: max(approvals.round) })
    .from(approvals)
    .where(eq(approvals.ticketId, ticketId));
  if (latest?.round === null || latest?.round === undefined) return [];
  return db
    .select({ approvalId: approvals.id, userId: approvals.approverId })
    .from(approvals)
    .where(
      and(
        eq(approvals.ticketId, ticketId),
        eq(approvals.round, latest.round),
        eq(approvals.state, 'pending'),
      ),
    );
}

export async function teamMembersOf(db: Queryable, teamId: string, leadsOnly: boolean) {
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), leadsOnly ? eq(teamMembers.isLead, true) : undefined));
  return rows.map((row) => row.userId);
}

/**
 * Every custom field key of every request type. A ticket's context carries all of them (null
 * when its type has no such field), so that a template is checked and rendered against the same
 * shape whatever the request type.
 */
export async function allFieldDefinitions(db: Queryable): Promise<FieldDefinition[]> {
  const rows = await allRequestTypes(db);
  const byKey = new Map<string, FieldDefinition>();
  for (const row of rows)
    for (const field of row.fields) if (!byKey.has(field.key)) byKey.set(field.key, field);
  return [...byKey.values()];
}

export async function historyOf(db: Queryable, ticketId: string) {
  return db
    .select({
      at: ticketHistory.at,
      transition: ticketHistory.transition,
      fromStatus: ticketHistory.fromStatus,
      toStatus: ticketHistory.toStatus,
      actorId: ticketHistory.actorId,
      actorLabel: ticketHistory.actorLabel,
    })
    .from(ticketHistory)
    .where(eq(ticketHistory.ticketId, ticketId))
    .orderBy(asc(ticketHistory.id));
}
