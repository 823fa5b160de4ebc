import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ciRelationTypes, ciStatuses } from '../../../shared/api/cmdb.js';
import type { FieldDefinition, FieldValues } from '../../../shared/fields.js';
import { teams, users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

/** Classes of configuration items as data: built-in ones (service, server …) and admins' own. */
export const ciClasses = pgTable('ci_classes', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  icon: text('icon').notNull().default('box'),
  description: text('description').notNull().default(''),
  /** The attributes' definitions: the same field types and rules as request forms. */
  attributes: jsonb('attributes').$type<FieldDefinition[]>().notNull().default([]),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export { ciRelationTypes, ciStatuses };
export type CiStatus = (typeof ciStatuses)[number];

export const cis = pgTable(
  'cis',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    classKey: text('class_key')
      .notNull()
      .references(() => ciClasses.key),
    name: text('name').notNull(),
    status: text('status', { enum: ciStatuses }).notNull().default('active'),
    attributes: jsonb('attributes').$type<FieldValues>().notNull().default({}),
    /** Attributes a person set: discovery never overwrites them. */
    manualAttributes: text('manual_attributes').array().notNull().default([]),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    siteId: uuid('site_id').references((): AnyPgColumn => cis.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default([]),
    /** manual, import, discovery:<connection>, inventory. */
    source: text('source').notNull().default('manual'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('cis_class_name_idx').on(table.classKey, sql`lower(${table.name})`),
    index('cis_name_trgm_idx').using('gin', sql`lower(${table.name}) gin_trgm_ops`),
    index('cis_class_status_idx').on(table.classKey, table.status),
    index('cis_site_idx').on(table.siteId),
  ],
);

/** Identities of a CI in other systems (discovery reconciles on them): `aws:i-0abc`, `inventory:<id>`. */
export const ciExternalIds = pgTable(
  'ci_external_ids',
  {
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.source, table.externalId] }),
    index('ci_external_ids_ci_idx').on(table.ciId),
  ],
);

export type CiRelationType = (typeof ciRelationTypes)[number];

/** "source depends_on target": typed, directed; cycles may exist in data, traversal handles them. */
export const ciRelations = pgTable(
  'ci_relations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ciRelationTypes }).notNull(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (table) => [
    uniqueIndex('ci_relations_unique_idx').on(table.sourceId, table.type, table.targetId),
    index('ci_relations_target_idx').on(table.targetId, table.type, table.sourceId),
    check('ci_relations_not_self', sql`${table.sourceId} <> ${table.targetId}`),
  ],
);

/** Every change to a CI or its relations: before/after, who, through what, under which ticket. */
export const ciHistory = pgTable(
  'ci_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** api, import, discovery, fulfilment, inventory. */
    via: text('via').notNull(),
    /** created, updated, retired, relation_added, relation_removed. */
    change: text('change').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (table) => [
    index('ci_history_ci_idx').on(table.ciId, table.id),
    index('ci_history_ticket_idx').on(table.ticketId),
  ],
);

/** People following services: the portal shows them their services' status and open incidents. */
export const serviceSubscriptions = pgTable(
  'service_subscriptions',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.serviceId] }),
    index('service_subscriptions_service_idx').on(table.serviceId),
  ],
);
