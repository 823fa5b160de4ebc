// Reads of approvals that other modules need: the decision behind a transition, who is still
// asked, one approval (for an emailed link).
import { and, eq, max } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { approvals } from './approvals.schema.js';

export type ApprovalRow = typeof approvals.$inferSelect;

/** The approval decided at `at` with this outcome, and who decided it. */
export async function decisionAt(db: Queryable, ticketId: string, at: Date, state: 'approved' | 'declined') {
  const [row] = await db
    .select({ approverId: approvals.approverId, comment: approvals.comment })
    .from(approvals)
    .where(and(eq(approvals.ticketId, ticketId), eq(approvals.state, state), eq(approvals.decidedAt, at)))
    .limit(1);
  return row ?? null;
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
