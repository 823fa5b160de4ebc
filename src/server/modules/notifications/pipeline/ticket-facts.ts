// What the notification contexts need to know about a ticket, asked of the modules that own it
// (tickets, approvals, catalog, identity, workflow): the ticket and its people, the comment a
// transition wrote, the approval decided at a moment, when a status was last entered.
import { outcomeNames } from '../../../../shared/api/workflow.js';
import type { FieldDefinition } from '../../../../shared/fields.js';
import type { Queryable } from '../../../db/client.js';
import { allRequestTypes, getRequestTypeById, type RequestTypeRow } from '../../catalog/index.js';
import { cachedUsersById, teamsByIds, type UserRow } from '../../identity/index.js';
import { getTicketById, type TicketRow } from '../../tickets/index.js';
import { getWorkflow, statusOf } from '../../workflow/index.js';

export { pendingApprovals } from '../../approvals/index.js';
export { teamMemberIds } from '../../identity/index.js';
export { historyOf, ticketFromJson, ticketJsonById } from '../../tickets/index.js';
export type { UserRow };

export interface TicketSnapshot {
  ticket: TicketRow;
  requestType: RequestTypeRow | null;
  requester: UserRow;
  team: { id: string; key: string; name: string } | null;
  assignee: UserRow | null;
}

export async function loadTicket(db: Queryable, ticketId: string): Promise<TicketSnapshot | null> {
  const ticket = await getTicketById(db, ticketId);
  return ticket ? snapshotOf(db, ticket) : null;
}

/** The snapshot of a ticket already read (with `ticketJsonById`, in the caller's own select). */
export async function snapshotOf(db: Queryable, ticket: TicketRow): Promise<TicketSnapshot> {
  const [requestType, people, teams] = await Promise.all([
    ticket.requestTypeId ? getRequestTypeById(db, ticket.requestTypeId) : Promise.resolve(null),
    cachedUsersById(db, [ticket.requesterId, ...(ticket.assigneeId ? [ticket.assigneeId] : [])]),
    teamsByIds(db, ticket.teamId ? [ticket.teamId] : []),
  ]);
  const team = ticket.teamId ? teams.get(ticket.teamId) : undefined;
  return {
    ticket,
    requestType,
    requester: people.get(ticket.requesterId)!,
    team: team ? { id: team.id, key: team.key, name: team.name } : null,
    assignee: ticket.assigneeId ? (people.get(ticket.assigneeId) ?? null) : null,
  };
}

/**
 * The name of the status an event left the ticket in; the outcome's name when the transition that
 * brought it there names one (a declined request reads "Declined", not "Cancelled").
 */
export async function statusName(
  db: Queryable,
  ticket: TicketRow,
  statusKey: string,
  transition?: string,
): Promise<string> {
  try {
    const workflow = await getWorkflow(db, ticket.workflowKey);
    const outcome = workflow.transitions.find(
      (candidate) => candidate.name === transition && candidate.to === statusKey,
    )?.outcome;
    return outcome ? outcomeNames[outcome] : statusOf(workflow, statusKey).name;
  } catch {
    return statusKey;
  }
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
