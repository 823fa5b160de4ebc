// The approvals of a ticket as its page shows them (a part of the ticket core's view). The view
// reads them in its own statement, through `column` (issue 18).
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cachedUsersById } from '../identity/index.js';
import type { TicketViewPart } from '../tickets/index.js';
import { approvals } from './approvals.schema.js';

type ApprovalViewRow = Pick<
  typeof approvals.$inferSelect,
  'approverId' | 'state' | 'reason' | 'round' | 'comment' | 'decidedAt'
>;

async function approvalsOut(db: Queryable, rows: ApprovalViewRow[]) {
  const people = await cachedUsersById(
    db,
    rows.map((row) => row.approverId),
  );
  return {
    approvals: rows.map((row) => {
      const approver = people.get(row.approverId);
      return {
        approver: {
          id: row.approverId,
          email: approver?.email ?? '',
          displayName: approver?.displayName ?? 'Unknown user',
        },
        state: row.state,
        reason: row.reason,
        round: row.round,
        comment: row.comment,
        decidedAt: row.decidedAt,
      };
    }),
  };
}

interface ApprovalJson {
  approver_id: string;
  state: string;
  reason: string;
  round: number;
  comment: string | null;
  decided_at: string | null;
}

export const approvalsViewPart: TicketViewPart = {
  name: 'approvals',
  async load(db, ticket) {
    const rows = await db
      .select()
      .from(approvals)
      .where(eq(approvals.ticketId, ticket.id))
      .orderBy(asc(approvals.round), asc(approvals.createdAt));
    return approvalsOut(db, rows);
  },
  column(ticketId) {
    return sql`(select coalesce(json_agg(a order by a.round, a.created_at), '[]') from (
      select approver_id, state, reason, round, comment, decided_at, created_at
        from ${approvals} where ticket_id = ${ticketId}) a)`;
  },
  async fromColumn(db, value) {
    const rows = (value as ApprovalJson[]).map(
      (row): ApprovalViewRow => ({
        approverId: row.approver_id,
        state: row.state as ApprovalViewRow['state'],
        reason: row.reason,
        round: row.round,
        comment: row.comment,
        decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
      }),
    );
    return approvalsOut(db, rows);
  },
};
