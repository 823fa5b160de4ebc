// Reads of approvals that other modules need: the decision behind a transition, who is still
// asked, one approval (for an emailed link).
import { and, eq, max, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { approvals } from './approvals.schema.js';

export type ApprovalRow = typeof approvals.$inferSelect;

const latestRoundStatement = prebuilt(
  (db, p: { ticketId: string }) =>
    db
      .select({ round: max(approvals.round) })
      .from(approvals)
      .where(eq(approvals.ticketId, p.ticketId)),
  { ticketId: '00000000-0000-4000-8000-000000000001' },
);
const pendingInRoundStatement = prebuilt(
  (db, p: { ticketId: string; round: number }) =>
    db
      .select({ approvalId: approvals.id, userId: approvals.approverId })
      .from(approvals)
      .where(
        and(eq(approvals.ticketId, p.ticketId), eq(approvals.round, p.round), eq(approvals.state, 'pending')),
      ),
  { ticketId: '00000000-0000-4000-8000-000000000001', round: 1 },
);

/** The approvals still waiting in the ticket's latest round: who the approval email goes to. */
export async function pendingApprovals(db: Queryable, ticketId: string) {
  const [latest] = await latestRoundStatement.run(db, { ticketId });
  if (latest?.round === null || latest?.round === undefined) return [];
  return pendingInRoundStatement.run(db, { ticketId, round: latest.round });
}

/** One approval asked of this approver (null if it does not exist or is someone else's). */
export async function findApproval(
  db: Queryable,
  id: string,
  approverId: string,
): Promise<ApprovalRow | null> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.id, id), eq(approvals.approverId, approverId)));
  return row ?? null;
}

/** The ticket's latest round: approvals given, still pending, and how many it needs. */
export async function roundTally(db: Queryable, ticketId: string) {
  const [latest] = await db
    .select({ round: max(approvals.round) })
    .from(approvals)
    .where(eq(approvals.ticketId, ticketId));
  if (latest?.round === null || latest?.round === undefined) return { approved: 0, pending: 0, required: 0 };
  const rows = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.ticketId, ticketId), eq(approvals.round, latest.round)));
  return {
    approved: rows.filter((row) => row.state === 'approved').length,
    pending: rows.filter((row) => row.state === 'pending').length,
    required: rows[0]?.required ?? 1,
  };
}

// Reads as fragments of another module's statement (issue 18: a notification dispatch
// reads its occurrence, its ticket and what the event tells in one statement).

/** The approval decided at `at` with this outcome as JSON `{approverId, comment}`, null when none. */
export function decisionAtSql(
  ticketId: SQLWrapper,
  at: SQLWrapper,
  state: 'approved' | 'declined',
): SQL<unknown> {
  return sql`(select json_build_object('approverId', ${approvals.approverId}, 'comment', ${approvals.comment})
               from ${approvals}
              where ${approvals.ticketId} = ${ticketId} and ${approvals.state} = ${state}
                and ${approvals.decidedAt} = ${at}
              limit 1)`;
}

/** The approvals still waiting in the ticket's latest round as JSON `[{approvalId, userId}]` (null: none). */
export function pendingApprovalsSql(ticketId: SQLWrapper): SQL<unknown> {
  return sql`(select json_agg(json_build_object('approvalId', ${approvals.id}, 'userId', ${approvals.approverId}))
               from ${approvals}
              where ${approvals.ticketId} = ${ticketId} and ${approvals.state} = 'pending'
                and ${approvals.round} = (select max(latest.round) from ${approvals} latest
                                           where latest.ticket_id = ${ticketId}))`;
}
