// Who may see a ticket, and in which roles a caller stands to it. A requester sees their own
// tickets and those they take part in (asked to approve, following, holding an incident role);
// an agent also sees their teams' queues and what is assigned to them; an admin sees everything.
// A ticket one may not see is reported as not found.
import { type AnyColumn, and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { Principal } from '../identity/index.js';
import type { TransitionActor } from '../workflow/index.js';
import { type TicketRow, ticketExtensions } from './lifecycle.js';
import { ticketParticipants, tickets } from './tickets.schema.js';

export interface Viewer {
  principal: Principal;
  teamIds: string[];
}

/** The teams come with the principal (loaded once when the token is authenticated). */
export async function viewerOf(_db: Queryable, principal: Principal): Promise<Viewer> {
  return { principal, teamIds: principal.teamIds };
}

const isAdmin = (viewer: Viewer) => viewer.principal.user.role === 'admin';
const isAgent = (viewer: Viewer) => viewer.principal.permissions.has('ticket:work');

/** A SQL condition selecting the tickets the viewer may see (undefined: all). */
export async function visibleTo(db: Queryable, viewer: Viewer): Promise<SQL | undefined> {
  if (isAdmin(viewer)) return undefined;
  const userId = viewer.principal.user.id;
  // The ids first (once, by the user's index), not an EXISTS per ticket: the planner cannot
  // estimate an EXISTS inside an OR (it guesses half the tickets) and then walks a whole time index
  // for a filter few tickets pass (an agent's view of another team's queue: 8.7 s → 6 ms at 1M).
  const asParticipant = sql`${tickets.id} = any(array(select ${ticketParticipants.ticketId} from ${ticketParticipants} where ${ticketParticipants.userId} = ${userId}))`;
  const conditions: SQL[] = [eq(tickets.requesterId, userId), asParticipant];
  if (isAgent(viewer)) {
    conditions.push(eq(tickets.assigneeId, userId));
    if (viewer.teamIds.length > 0) conditions.push(inArray(tickets.teamId, viewer.teamIds));
  }
  for (const rule of ticketExtensions().visibility) {
    const condition = await rule.condition(db, viewer, { id: tickets.id, kind: tickets.kind });
    if (condition) conditions.push(condition);
  }
  return or(...conditions);
}

/**
 * The same condition on copies of the ticket's team, requester and assignee (ticket_search's), so a
 * search by words can narrow the documents before reading them: undefined for all, null when an
 * extension's rule applies to this viewer (its columns have no copy: no narrowing).
 */
export async function visibleOnCopy(
  db: Queryable,
  viewer: Viewer,
  copy: VisibilityCopy,
): Promise<SQL | undefined | null> {
  const branches = await visibleOnCopyBranches(db, viewer, copy);
  return branches ? or(...branches) : branches;
}

/** ticket_search's copies of the columns visibility reads. */
export interface VisibilityCopy {
  ticketId: AnyColumn;
  teamId: AnyColumn;
  requesterId: AnyColumn;
  assigneeId: AnyColumn;
}

/**
 * `visibleOnCopy` as the branches it ORs, each one an index can walk by time: one per team of an
 * agent (a team's documents, newest first, on `(team_id, created_at)`), the viewer's own requests
 * and those they take part in (a few), then what is assigned to them (`(assignee_id, created_at)`). A word search takes the newest
 * matches of each branch and merges them, instead of ANDing a common word's large bitmap with the
 * visibility's. Undefined for all, null when an extension's rule applies (as `visibleOnCopy`).
 */
export async function visibleOnCopyBranches(
  db: Queryable,
  viewer: Viewer,
  copy: VisibilityCopy,
): Promise<SQL[] | undefined | null> {
  if (isAdmin(viewer)) return undefined;
  for (const rule of ticketExtensions().visibility) {
    if (await rule.condition(db, viewer, { id: tickets.id, kind: tickets.kind })) return null;
  }
  const userId = viewer.principal.user.id;
  const own: SQL[] = [
    eq(copy.requesterId, userId),
    sql`${copy.ticketId} = any(array(select ${ticketParticipants.ticketId} from ${ticketParticipants} where ${ticketParticipants.userId} = ${userId}))`,
  ];
  if (!isAgent(viewer)) return [or(...own)!];
  // What is assigned to them apart (their index walks by time too: thousands over the years).
  return [
    ...viewer.teamIds.map((teamId) => eq(copy.teamId, teamId)),
    or(...own)!,
    eq(copy.assigneeId, userId),
  ];
}

/** Whether the user takes part in the ticket in `role` (any role when absent), now or ever. */
export async function isParticipant(
  db: Queryable,
  ticketId: string,
  userId: string,
  options: { role?: string; activeOnly?: boolean } = {},
): Promise<boolean> {
  const rows = await db
    .select({ role: ticketParticipants.role })
    .from(ticketParticipants)
    .where(
      and(
        eq(ticketParticipants.ticketId, ticketId),
        eq(ticketParticipants.userId, userId),
        options.role ? eq(ticketParticipants.role, options.role) : undefined,
        options.activeOnly ? eq(ticketParticipants.active, true) : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** `participant`: whether the viewer takes part in the ticket, when the caller read it already. */
export async function canSee(
  db: Queryable,
  viewer: Viewer,
  ticket: TicketRow,
  participant?: boolean,
): Promise<boolean> {
  const userId = viewer.principal.user.id;
  if (isAdmin(viewer) || ticket.requesterId === userId) return true;
  if (isAgent(viewer)) {
    if (ticket.assigneeId === userId) return true;
    if (ticket.teamId && viewer.teamIds.includes(ticket.teamId)) return true;
  }
  if (participant ?? (await isParticipant(db, ticket.id, userId))) return true;
  for (const rule of ticketExtensions().visibility) if (await rule.allows(db, viewer, ticket)) return true;
  return false;
}

/** The caller's relations to a ticket, for the workflow's "who may fire this" rules. */
export async function rolesOf(
  db: Queryable,
  viewer: Viewer,
  ticket: TicketRow,
): Promise<Set<TransitionActor>> {
  const mine = await db
    .select({ role: ticketParticipants.role })
    .from(ticketParticipants)
    .where(
      and(
        eq(ticketParticipants.ticketId, ticket.id),
        eq(ticketParticipants.userId, viewer.principal.user.id),
        eq(ticketParticipants.active, true),
      ),
    );
  return relationsOf(
    viewer,
    ticket,
    mine.some((row) => row.role === 'approver'),
    mine.some((row) => row.role.startsWith(responderRole)),
  );
}

/** Participants in a `responder:<role>` (an incident's commander, scribe …) work the ticket with its team. */
export const responderRole = 'responder:';

/**
 * Whether the viewer works this ticket as an agent: an admin, or an agent of the ticket's team.
 * Being an agent somewhere is not enough — an agent who sees a ticket as its requester or
 * approver (a manager) acts in that role only. A ticket with no team has no agents but admins.
 */
export function isAgentOf(viewer: Viewer, ticket: Pick<TicketRow, 'teamId'>): boolean {
  if (isAdmin(viewer)) return true;
  return isAgent(viewer) && ticket.teamId !== null && viewer.teamIds.includes(ticket.teamId);
}

export function relationsOf(
  viewer: Viewer,
  ticket: TicketRow,
  pendingApprover: boolean,
  responder = false,
): Set<TransitionActor> {
  const roles = new Set<TransitionActor>();
  const userId = viewer.principal.user.id;
  if (ticket.requesterId === userId) roles.add('requester');
  if (isAdmin(viewer)) roles.add('admin');
  if (isAgentOf(viewer, ticket) || (isAgent(viewer) && (ticket.assigneeId === userId || responder))) {
    roles.add('agent');
  }
  if (pendingApprover) roles.add('approver');
  return roles;
}
