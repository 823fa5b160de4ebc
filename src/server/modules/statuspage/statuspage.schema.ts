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

export const subscriberKinds = ['email', 'chat'] as const;

/**
 * People without accounts following the status page: by email or a chat webhook, for the whole
 * page (no components) or some components. A row exists from the first request; it receives
 * nothing until confirmed through the signed link sent to the address (double opt-in), and a
 * change of components waits for the same confirmation. Unsubscribing deletes the row.
 */
export const statusSubscribers = pgTable(
  'status_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: subscriberKinds }).notNull(),
    /** Lower-cased email address, or the webhook URL's SHA-256 (the URL itself is sealed). */
    address: text('address').notNull(),
    webhookEncrypted: text('webhook_encrypted'),
    /** Empty: the whole page. */
    componentIds: uuid('component_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** What the last request asked for, applied when its link is confirmed. */
    requestedComponentIds: uuid('requested_component_ids').array().notNull().default(sql`'{}'::uuid[]`),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmationSentAt: timestamp('confirmation_sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('status_subscribers_address_idx').on(table.kind, table.address)],
);
