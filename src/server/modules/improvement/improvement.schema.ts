import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { baselines } from '../baseline/baseline.schema.js';
import type { Action, PlanItem, Target } from './improvement.definitions.js';

/** Continual improvement initiatives, one row per initiative with its plan as data. */
export const improvementInitiatives = pgTable('improvement_initiatives', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  title: text('title').notNull(),
  status: text('status').notNull().default('planned'),
  vision: text('vision').notNull().default(''),
  baselineId: uuid('baseline_id').references(() => baselines.id, { onDelete: 'set null' }),
  currentState: text('current_state').notNull().default(''),
  targets: jsonb('targets').$type<Target[]>().notNull().default([]),
  plan: jsonb('plan').$type<PlanItem[]>().notNull().default([]),
  actions: jsonb('actions').$type<Action[]>().notNull().default([]),
  measureFrom: date('measure_from').notNull(),
  measureTo: date('measure_to'),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Step 7's log: notes, lessons learned and documentation links, in the order they were added. */
export const improvementNotes = pgTable(
  'improvement_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => improvementInitiatives.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    url: text('url'),
    author: text('author').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('improvement_notes_initiative_idx').on(table.initiativeId, table.at)],
);
