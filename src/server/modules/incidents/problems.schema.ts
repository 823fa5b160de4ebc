// Problems (kind `problem`, PRB-n): the extension of their ticket, the CIs and services they are
// about, and the proposals of the recurring-incident detector (accepted or dismissed, never asked
// twice for the same set of incidents).
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cis } from '../cmdb/cmdb.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

/** The problem extension of a ticket (kind `problem`). */
export const problems = pgTable('problems', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  description: text('description').notNull().default(''),
  /** The root-cause analysis as the investigators write it. */
  rootCause: text('root_cause'),
  workaround: text('workaround'),
  /** A copy of the ticket's status kept by the problems listener (known errors are found by it). */
  status: text('status').notNull().default('new'),
  knownErrorAt: timestamp('known_error_at', { withTimezone: true }),
  /** Which proposal of the recurring-incident detector it came from, if any. */
  proposalId: uuid('proposal_id'),
});

/** The CIs and services a problem is about (a known error's workaround shows on incidents touching them). */
export const problemCis = pgTable(
  'problem_cis',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.ciId] }),
    index('problem_cis_ci_idx').on(table.ciId),
  ],
);

export const proposalStates = ['pending', 'accepted', 'dismissed'] as const;

/** What the recurring-incident detector found: N incidents on one CI or service, in similar words. */
export const problemProposals = pgTable(
  'problem_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    /** The incidents (ticket ids), sorted: the set a dismissal is remembered for. */
    incidentIds: uuid('incident_ids').array().notNull(),
    title: text('title').notNull(),
    /** Words the incidents share, their count and the window they fell in. */
    evidence: jsonb('evidence').notNull(),
    state: text('state', { enum: proposalStates }).notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    problemId: uuid('problem_id').references(() => tickets.id, { onDelete: 'set null' }),
  },
  (table) => [
    index('problem_proposals_state_idx').on(table.state, table.createdAt),
    index('problem_proposals_set_idx').using('gin', table.incidentIds),
    index('problem_proposals_pending_ci_idx').on(table.ciId).where(sql`${table.state} = 'pending'`),
  ],
);

/** The detector's settings (one row; defaults when absent): N incidents in D days, word similarity. */
export const problemDetectionSettings = pgTable('problem_detection_settings', {
  id: integer('id').primaryKey().default(1),
  threshold: integer('threshold').notNull().default(3),
  windowDays: integer('window_days').notNull().default(30),
  similarity: real('similarity').notNull().default(0.3),
});
