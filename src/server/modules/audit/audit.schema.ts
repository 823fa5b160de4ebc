import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every write (insert, update, delete) to the domain tables, filled by the
 * `opsdesk_audit` trigger in the same transaction as the write. Secrets are redacted by column name.
 * Updates and deletes of this table are refused by a trigger (see migration 0001).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (table) => [
    index('audit_log_entity_idx').on(table.entity, table.entityId, table.id),
    index('audit_log_at_idx').on(table.at),
  ],
);

/** Tables that are logs themselves (their rows never change meaning) and are not audited. */
export const auditExemptTables = pgTable('audit_exempt_tables', {
  tableName: text('table_name').primaryKey(),
  reason: text('reason').notNull(),
});
