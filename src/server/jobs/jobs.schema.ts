import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Live worker processes. Each holds a session advisory lock on `lock_key` for as long as it
 * lives; PostgreSQL drops the lock when the process's connection dies, which is how recovery
 * tells a dead process (kill -9, lost host) from a busy one, without timers or heartbeats.
 */
export const jobWorkerProcesses = pgTable('job_worker_processes', {
  lockKey: bigint('lock_key', { mode: 'number' }).primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  workerIds: text('worker_ids').array().notNull().default([]),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
});
