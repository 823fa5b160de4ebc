import { integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { NaiveBayesModel } from './naiveBayes.js';

/** A Table-2 row as stored: counts are unknown (null) for a baseline typed in by hand. */
export interface StoredBaselineRow {
  type: string;
  label: string;
  count: number | null;
  averageResolutionSeconds: number | null;
  unanswered: number | null;
}

/** Named baselines: "where are we now" before an improvement (the paper's Table 2). */
export const baselines = pgTable('baselines', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  /** chat_export (computed from an uploaded export) or manual (rows typed in). */
  source: text('source').notNull(),
  description: text('description').notNull().default(''),
  /** The analysis options of a chat export (support team, time zone …). */
  options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
  messageCount: integer('message_count'),
  periodFrom: timestamp('period_from', { withTimezone: true }),
  periodTo: timestamp('period_to', { withTimezone: true }),
  table: jsonb('table').$type<StoredBaselineRow[]>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The requests recognised in a chat export, as the classifier saw them and as reviewed. */
export const baselineRequests = pgTable(
  'baseline_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    baselineId: uuid('baseline_id')
      .notNull()
      .references(() => baselines.id, { onDelete: 'cascade' }),
    /** The message's 0-based position in the export. */
    position: integer('position').notNull(),
    line: integer('line').notNull(),
    messageId: text('message_id'),
    author: text('author').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
    /** What the classifier said. */
    detectedType: text('detected_type').notNull(),
    confidence: real('confidence').notNull(),
    via: text('via').notNull(),
    /** The type counted in the table: the detected one, or the reviewer's; null = not a request. */
    type: text('type'),
    answerAt: timestamp('answer_at', { withTimezone: true }),
    answerAuthor: text('answer_author'),
    answerText: text('answer_text'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('baseline_requests_position_idx').on(table.baselineId, table.position)],
);

/** Reviewers' corrections, kept as labelled examples for the classifier (label null: not a request). */
export const baselineTrainingExamples = pgTable('baseline_training_examples', {
  id: uuid('id').primaryKey().defaultRandom(),
  text: text('text').notNull(),
  label: text('label'),
  weight: real('weight').notNull(),
  /** The reviewed request it came from: a second review replaces the example. */
  baselineRequestId: uuid('baseline_request_id')
    .unique()
    .references(() => baselineRequests.id, { onDelete: 'set null' }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The stored classifier model: the bundled training set plus every correction, retrained. */
export const baselineModels = pgTable('baseline_models', {
  key: text('key').primaryKey(),
  model: jsonb('model').$type<NaiveBayesModel>().notNull(),
  bundledExamples: integer('bundled_examples').notNull(),
  corrections: integer('corrections').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
