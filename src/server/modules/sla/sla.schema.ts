import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { requestTypes } from '../catalog/catalog.schema.js';
import { tickets } from '../tickets/tickets.schema.js';
import type { Calendar } from './calendar.js';
import type { StoredSlaMetric } from './sla.definitions.js';

/** Working-time calendars, referred to by key from the metrics of policies. */
export const slaCalendars = pgTable('sla_calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  definition: jsonb('definition').$type<Calendar>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** SLA policies: metrics (conditions, goal, calendar key) that apply to request types. */
export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  metrics: jsonb('metrics').$type<StoredSlaMetric[]>().notNull(),
  /** Bumped by every edit of the policy or of a calendar it uses. */
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Which policy measures a request type's tickets: at most one per type. */
export const slaPolicyRequestTypes = pgTable(
  'sla_policy_request_types',
  {
    requestTypeId: uuid('request_type_id')
      .primaryKey()
      .references(() => requestTypes.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => slaPolicies.id, { onDelete: 'cascade' }),
  },
  (table) => [index('sla_policy_request_types_policy_idx').on(table.policyId)],
);

/**
 * Which policy measures tickets by kind and priority (incidents by priority, changes …) when their
 * request type names none: the most specific scope wins ((kind, priority) before (kind, any)).
 */
export const slaPolicyScopes = pgTable(
  'sla_policy_scopes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => slaPolicies.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** null: any priority of the kind. */
    priority: text('priority'),
  },
  (table) => [
    unique('sla_policy_scopes_kind_priority_key').on(table.kind, table.priority).nullsNotDistinct(),
    index('sla_policy_scopes_policy_idx').on(table.policyId),
  ],
);

/**
 * The SLA engine's result for every clock of every ticket, replaced whole from the ticket's
 * history on each of its events (and by `sla.recompute` after a policy or calendar edit): a read
 * model for reports and schedules, never incremented, rebuildable at any time.
 */
export const ticketSlaClocks = pgTable(
  'ticket_sla_clocks',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metricKey: text('metric_key').notNull(),
    requestTypeId: uuid('request_type_id'),
    policyId: uuid('policy_id'),
    state: text('state').notNull(),
    cycle: integer('cycle'),
    elapsedSeconds: doublePrecision('elapsed_seconds').notNull(),
    goalSeconds: integer('goal_seconds'),
    met: boolean('met').notNull(),
    breached: boolean('breached').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** When the current cycle stopped; null unless the clock is stopped. */
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    breachAt: timestamp('breach_at', { withTimezone: true }),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  // The reports' covering index (stopped clocks by metric and stop time) is hand-written SQL at
  // the end of the migration: Drizzle cannot declare INCLUDE columns.
  (table) => [primaryKey({ columns: [table.ticketId, table.metricKey] })],
);

/** Warnings and breaches raised by the SLA jobs, once per ticket, metric, kind and cycle. */
export const slaEvents = pgTable(
  'sla_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyKey: text('policy_key').notNull(),
    metricKey: text('metric_key').notNull(),
    metricName: text('metric_name').notNull(),
    /** warning | breach */
    kind: text('kind').notNull(),
    cycle: integer('cycle').notNull(),
    goalSeconds: integer('goal_seconds').notNull(),
    elapsedSeconds: doublePrecision('elapsed_seconds').notNull(),
    /** The instant the warning share or the goal was reached. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('sla_events_once_idx').on(table.ticketId, table.metricKey, table.kind, table.cycle),
    index('sla_events_raised_idx').on(table.raisedAt),
  ],
);

/**
 * Stopped clocks summed per metric, UTC day (of the stop) and request type, so that reports over
 * long ranges read a few rows per day instead of every clock. Each row is recomputed whole from
 * ticket_sla_clocks (never incremented) when its day is marked dirty; `buckets`/`counts` are a
 * histogram of elapsed seconds on a log scale (sla.histogram.ts) for percentiles.
 */
export const slaClockDays = pgTable(
  'sla_clock_days',
  {
    metricKey: text('metric_key').notNull(),
    day: date('day').notNull(),
    requestTypeId: uuid('request_type_id').notNull(),
    count: integer('count').notNull(),
    sumSeconds: doublePrecision('sum_seconds').notNull(),
    met: integer('met').notNull(),
    breached: integer('breached').notNull(),
    minSeconds: doublePrecision('min_seconds').notNull(),
    maxSeconds: doublePrecision('max_seconds').notNull(),
    buckets: integer('buckets').array().notNull(),
    counts: integer('counts').array().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.metricKey, table.day, table.requestTypeId] })],
);

/** Days whose clocks changed since their row in sla_clock_days was computed. */
export const slaClockDaysDirty = pgTable(
  'sla_clock_days_dirty',
  {
    metricKey: text('metric_key').notNull(),
    day: date('day').notNull(),
  },
  (table) => [primaryKey({ columns: [table.metricKey, table.day] })],
);
