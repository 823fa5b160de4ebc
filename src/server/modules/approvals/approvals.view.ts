// The approvals of a ticket as its page shows them (a part of the ticket core's view).
import { asc, eq } from 'drizzle-orm';
import { cachedUsersById } from '../identity/index.js';
import type { TicketViewPart } from '../tickets/index.js';
import { approvals } from './approvals.schema.js';

export const approvalsViewPart: TicketViewPart = {
  name: 'approvals',
  async load(db, ticket) {
    const rows = await db
      .select()
      .from(approvals)
      .where(eq(approvals.ticketId, ticket.id))
      .orderBy(asc(approvals.round), asc(approvals.createdAt));
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
  },
};
