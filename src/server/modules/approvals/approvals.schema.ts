import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

export const approvalStates = ['pending', 'approved', 'declined', 'withdrawn'] as const;

export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    approverId: uuid('approver_id')
      .notNull()
      .references(() => users.id),
    /** 1 for the first approval request of the ticket; later rounds if it comes back to approval. */
    round: integer('round').notNull().default(1),
    state: text('state', { enum: approvalStates }).notNull().default('pending'),
    /** Why this person is asked: manager, fallback team, team. */
    reason: text('reason').notNull(),
    /** How many approvals the round needs when the policy is not the request type's (changes: from risk). */
    required: integer('required'),
    comment: text('comment'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('approvals_approver_idx').on(table.approverId, table.state),
    uniqueIndex('approvals_ticket_round_approver_idx').on(table.ticketId, table.round, table.approverId),
  ],
);
