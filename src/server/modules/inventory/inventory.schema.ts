import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DatabaseEngine, EnvironmentState } from '../../providers/types.js';

/** A configured provider: `sandbox`, or e.g. `aws-staging` of kind aws with its credentials. */
export const providerConnections = pgTable('provider_connections', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  /** Non-secret configuration. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  /** Secret configuration, AES-256-GCM encrypted with the instance key. */
  secretsEncrypted: text('secrets_encrypted'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface StoredDatabase {
  engine: DatabaseEngine;
  name: string;
  /** Encrypted DatabaseConnection JSON (absent for sandbox databases, which live in schemas). */
  connectionEncrypted?: string;
}

export const environments = pgTable(
  'environments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => providerConnections.id),
    externalId: text('external_id').notNull(),
    state: text('state').$type<EnvironmentState>().notNull(),
    requestOnly: boolean('request_only').notNull().default(false),
    region: text('region'),
    url: text('url'),
    domains: text('domains').array().notNull().default([]),
    databases: jsonb('databases').$type<StoredDatabase[]>().notNull().default([]),
    endDate: date('end_date', { mode: 'string' }),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A terminated environment's name may be used again.
    uniqueIndex('environments_live_name_idx').on(table.name).where(sql`state <> 'terminated'`),
    index('environments_external_idx').on(table.connectionId, table.externalId),
  ],
);
