// Reads of a ticket's own history and comments that other modules need (notifications say what a
// transition wrote; SLA clocks are computed from the history).
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, max, param, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { ticketComments, ticketHistory, tickets } from './tickets.schema.js';

/** The comment of one of these kinds that a transition wrote at `at` (the same transaction's clock). */
export async function commentAt(db: Queryable, ticketId: string, at: Date, kinds: string[]) {
  const [comment] = await commentAtStatement.run(db, { ticketId, at, kinds });
  return comment ?? null;
}

// Built once (the kinds as one array parameter): every notification of a transition reads it.
const commentAtStatement = prebuilt(
  (db, p: { ticketId: string; at: Date; kinds: string[] }) =>
    db
      .select({ body: ticketComments.body, data: ticketComments.data })
      .from(ticketComments)
      .where(
        and(
          eq(ticketComments.ticketId, p.ticketId),
          eq(ticketComments.at, sql.param(p.at, ticketComments.at)),
          sql`${ticketComments.kind} = any(${sql.param(p.kinds)}::text[])`,
        ),
      )
      .orderBy(desc(ticketComments.id))
      .limit(1),
  {
    ticketId: '00000000-0000-4000-8000-000000000001',
    at: new Date('2026-01-02T03:04:05.678Z'),
    kinds: ['approval', 'decision'],
  },
);

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

/** When the ticket last entered `status`, at or before `at`. */
export async function lastEntered(db: Queryable, ticketId: string, status: string, at: Date) {
  const [row] = await lastEnteredStatement.run(db, { ticketId, status, at });
  return row?.at ?? null;
}

// Built once: SLA clocks read it on every transition.
const lastEnteredStatement = prebuilt(
  (db, p: { ticketId: string; status: string; at: Date }) =>
    db
      .select({ at: max(ticketHistory.at) })
      .from(ticketHistory)
      .where(
        and(
          eq(ticketHistory.ticketId, p.ticketId),
          eq(ticketHistory.toStatus, p.status),
          lte(ticketHistory.at, sql.param(p.at, ticketHistory.at)),
        ),
      ),
  {
    ticketId: '00000000-0000-4000-8000-000000000001',
    status: 'in_progress',
    at: new Date('2026-01-02T03:04:05.678Z'),
  },
);

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
