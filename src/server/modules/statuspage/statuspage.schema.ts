import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cis } from '../cmdb/cmdb.schema.js';

/**
 * The status history of every service: one row per stretch of time in one status (the open one
 * has no end). Written when the derived status changes; the 90-day uptime bars are read from it.
 */
export const statusSpans = pgTable(
  'status_spans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [
    index('status_spans_service_idx').on(table.serviceId, table.startedAt),
    uniqueIndex('status_spans_open_idx').on(table.serviceId).where(sql`${table.endedAt} is null`),
  ],
);
