import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The sandbox provider's simulated instances. A state change takes `settles_at - now`: until then
 * the instance is `pending` (or `stopping`) on its way to `target_state`. Counters record how often
 * each action really acted, so tests can show a re-run after a crash did not act twice.
 */
export const sandboxInstances = pgTable('sandbox_instances', {
  externalId: text('external_id').primaryKey(),
  state: text('state').notNull(),
  targetState: text('target_state'),
  settlesAt: timestamp('settles_at', { withTimezone: true }),
  startCount: integer('start_count').notNull().default(0),
  stopCount: integer('stop_count').notNull().default(0),
  launchedAt: timestamp('launched_at', { withTimezone: true }).notNull().defaultNow(),
  terminatedAt: timestamp('terminated_at', { withTimezone: true }),
});

/** Fault injection: this environment's action fails (permanently, or transiently `remaining` times). */
export const sandboxFaults = pgTable(
  'sandbox_faults',
  {
    environmentName: text('environment_name').notNull(),
    action: text('action').notNull(),
    kind: text('kind', { enum: ['permanent', 'transient'] }).notNull(),
    remaining: integer('remaining'),
  },
  (table) => [primaryKey({ columns: [table.environmentName, table.action] })],
);
