// Post-incident reviews: one per incident (blameless: what happened, not who), the five whys, the
// follow-up actions (tickets with an owner and a due date) and the reviewers who tick it off.
import {
  bigserial,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

export const reviewStatuses = ['draft', 'in_review', 'published'] as const;

export const incidentReviews = pgTable('incident_reviews', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  status: text('status', { enum: reviewStatuses }).notNull().default('draft'),
  summary: text('summary').notNull().default(''),
  impact: text('impact').notNull().default(''),
  detection: text('detection').notNull().default(''),
  response: text('response').notNull().default(''),
  recovery: text('recovery').notNull().default(''),
  rootCause: text('root_cause'),
  /** The answers of the five whys, in order: each answer is the next question. */
  whys: jsonb('whys').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
});

export const incidentReviewReviewers = pgTable(
  'incident_review_reviewers',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.userId] })],
);

export const incidentReviewActions = pgTable(
  'incident_review_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The ticket that carries the action (made for it, or an existing one named). */
    actionTicketId: uuid('action_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('incident_review_actions_ticket_idx').on(table.ticketId)],
);
