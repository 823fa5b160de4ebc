// Reads of a ticket's own history and comments that other modules need (notifications say what a
// transition wrote; SLA clocks are computed from the history).
import { and, asc, eq, gt, inArray, isNotNull, isNull, param, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { ticketHistory, tickets } from './tickets.schema.js';

// The comment a transition wrote, the latest comment before a moment and when a status was last
// entered are SQL fragments (`sql-fragments.ts`): notifications read them within their own statement.

/** A ticket's status history, oldest first. */
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

/** What a measuring module (SLA) needs of a ticket: who it is and how urgent. */
export interface MeasuredTicket {
  id: string;
  key: string;
  kind: string;
  priority: string;
  requestTypeId: string | null;
  teamId: string | null;
}

export interface StatusChange {
  at: Date;
  /** null for the creation. */
  from: string | null;
  to: string;
}

/** The status histories of many tickets in one query, oldest first, with the tickets' identity. */
export async function statusHistories(
  db: Queryable,
  ids: readonly string[],
): Promise<{ ticket: MeasuredTicket; history: StatusChange[] }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.execute<{
    id: string;
    key: string;
    kind: string;
    priority: string;
    request_type_id: string | null;
    team_id: string | null;
    at: string;
    from_status: string | null;
    to_status: string;
  }>(sql`
    select t.id, t.key, t.kind, t.priority, t.request_type_id, t.team_id, h.at, h.from_status, h.to_status
      from ${tickets} t join ${ticketHistory} h on h.ticket_id = t.id
     where t.id = any(${param([...ids])}::uuid[])
     order by t.id, h.id`);
  const out: { ticket: MeasuredTicket; history: StatusChange[] }[] = [];
  for (const row of rows) {
    let last = out.at(-1);
    if (last?.ticket.id !== row.id) {
      last = {
        ticket: {
          id: row.id,
          key: row.key,
          kind: row.kind,
          priority: row.priority,
          requestTypeId: row.request_type_id,
          teamId: row.team_id,
        },
        history: [],
      };
      out.push(last);
    }
    last.history.push({ at: new Date(row.at), from: row.from_status, to: row.to_status });
  }
  return out;
}

/** One page of ticket ids in id order, open or closed, optionally of some request types. */
export async function ticketIdPage(
  db: Queryable,
  scope: {
    requestTypeIds?: readonly string[] | null;
    phase: 'open' | 'closed';
    after: string | null;
    limit: number;
  },
): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        scope.requestTypeIds ? inArray(tickets.requestTypeId, [...scope.requestTypeIds]) : undefined,
        scope.phase === 'open' ? isNull(tickets.closedAt) : isNotNull(tickets.closedAt),
        scope.after ? gt(tickets.id, scope.after) : undefined,
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(scope.limit);
  return rows.map((row) => row.id);
}

/** Locks the ticket row for the caller's transaction; undefined when it does not exist (any more). */
export async function lockTicketIfExists(tx: Tx, id: string): Promise<MeasuredTicket | undefined> {
  const [row] = await tx
    .select({
      id: tickets.id,
      key: tickets.key,
      kind: tickets.kind,
      priority: tickets.priority,
      requestTypeId: tickets.requestTypeId,
      teamId: tickets.teamId,
    })
    .from(tickets)
    .where(eq(tickets.id, id))
    .for('no key update');
  return row;
}
