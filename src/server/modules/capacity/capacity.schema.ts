import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { cis } from '../cmdb/cmdb.schema.js';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

export const resolutions = ['raw', 'hour', 'day'] as const;
export type Resolution = (typeof resolutions)[number];

/**
 * Capacity samples per CI and metric. Raw samples are rolled up into hourly buckets and hourly into
 * daily ones as they age (count, sum, min, max kept so a rollup of rollups stays exact).
 */
export const capacitySamples = pgTable(
  'capacity_samples',
  {
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    resolution: text('resolution', { enum: resolutions }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ciId, table.metric, table.resolution, table.at] }),
    index('capacity_samples_age_idx').on(table.resolution, table.at),
  ],
);

/** A threshold per metric (on one CI, or every CI with that metric) and what crossing it soon opens. */
export const capacityRules = pgTable('capacity_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  metric: text('metric').notNull(),
  ciId: uuid('ci_id').references(() => cis.id, { onDelete: 'cascade' }),
  threshold: doublePrecision('threshold').notNull(),
  withinDays: integer('within_days').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The problem a rule opened for a CI: one per rule and CI, so a forecast does not open it twice. */
export const capacityRuleHits = pgTable(
  'capacity_rule_hits',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => capacityRules.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.ruleId, table.ciId] })],
);

/** A Prometheus server queried on a schedule: each series of the instant query's answer is a sample. */
export const prometheusSources = pgTable('prometheus_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  url: text('url').notNull(),
  query: text('query').notNull(),
  metric: text('metric').notNull(),
  /** A fixed CI for every series, or null: the series label `ciLabel` names the CI. */
  ciId: uuid('ci_id').references(() => cis.id, { onDelete: 'cascade' }),
  ciLabel: text('ci_label').notNull().default('instance'),
  enabled: boolean('enabled').notNull().default(true),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
