// Reads of approvals that other modules need: the decision behind a transition, who is still
// asked, one approval (for an emailed link).
import { and, eq, max, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { approvals } from './approvals.schema.js';

export type ApprovalRow = typeof approvals.$inferSelect;

/** The approval decided at `at` with this outcome, and who decided it. */
export async function decisionAt(db: Queryable, ticketId: string, at: Date, state: 'approved' | 'declined') {
  const [row] = await decisionAtStatement.run(db, { ticketId, at, state });
  return row ?? null;
}

// Built once (as the two reads below): every decision's notification reads them.
const decisionAtStatement = prebuilt(
  (db, p: { ticketId: string; at: Date; state: 'approved' | 'declined' }) =>
    db
      .select({ approverId: approvals.approverId, comment: approvals.comment })
      .from(approvals)
      .where(
        and(
          eq(approvals.ticketId, p.ticketId),
          eq(approvals.state, p.state),
          eq(approvals.decidedAt, sql.param(p.at, approvals.decidedAt)),
        ),
      )
      .limit(1),
  {
    ticketId: '00000000-0000-4000-8000-000000000001',
    at: new Date('2026-01-02T03:04:05.678Z'),
    state: 'approved',
  },
);
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
