import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tickets } from '../tickets/tickets.schema.js';

export const runStatuses = ['queued', 'running', 'awaiting_callback', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** One attempt at fulfilling a ticket (a retry by an agent is a new run). */
export const fulfilmentRuns = pgTable(
  'fulfilment_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    executor: text('executor').notNull(),
    action: text('action').notNull(),
    environmentName: text('environment_name'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: runStatuses }).notNull().default('queued'),
    /** Executions so far (crash recovery and transient retries re-execute the same run). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    triggeredBy: text('triggered_by').notNull(),
    error: text('error'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** What an external executor keeps across executions (the AWX job it launched, its delivery id). */
    executorState: jsonb('executor_state').$type<Record<string, unknown>>().notNull().default({}),
    /** When a run handed to a webhook must have been called back. */
    callbackDeadline: timestamp('callback_deadline', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('fulfilment_runs_ticket_number_idx').on(table.ticketId, table.number)],
);

export const fulfilmentRunOutput = pgTable(
  'fulfilment_run_output',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => fulfilmentRuns.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    level: text('level', { enum: ['info', 'warn', 'error'] })
      .notNull()
      .default('info'),
    line: text('line').notNull(),
  },
  (table) => [index('fulfilment_run_output_run_idx').on(table.runId, table.id)],
);

/** Every delivery of a webhook executor (admins read and replay them). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => fulfilmentRuns.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    url: text('url').notNull(),
    requestBody: text('request_body').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    outcome: jsonb('outcome').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index('webhook_deliveries_run_idx').on(table.runId, table.id)],
);

/** Callbacks already accepted, by a hash of their signed timestamp and body: a replay is refused. */
export const fulfilmentCallbacks = pgTable('fulfilment_callbacks', {
  replayKey: text('replay_key').primaryKey(),
  runId: uuid('run_id')
    .notNull()
    .references(() => fulfilmentRuns.id, { onDelete: 'cascade' }),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
