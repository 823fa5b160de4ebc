// On-call tables: schedules (their layers as validated JSON, replaced whole on each edit),
// overrides, escalation policies (levels as JSON), the policy each service pages (keyed by the
// service's CI id: the CMDB's tables stay the CMDB's), pages and who each one notified.
import {
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
import { cis } from '../cmdb/cmdb.schema.js';
import { teams, users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';
import type { Layer } from './rotation.js';

export interface PolicyLevel {
  timeoutMinutes: number;
  targets: { type: 'user' | 'schedule' | 'team'; id: string }[];
}

export const oncallSchedules = pgTable(
  'oncall_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    layers: jsonb('layers').$type<Layer[]>().notNull(),
    /** `opsgenie:<id>` or `pagerduty:<id>` for imported ones: a second import finds them. */
    externalRef: text('external_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('oncall_schedules_name_idx').on(table.name),
    uniqueIndex('oncall_schedules_external_idx').on(table.externalRef),
  ],
);

export const oncallOverrides = pgTable(
  'oncall_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => oncallSchedules.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    replacesUserId: uuid('replaces_user_id').references(() => users.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('oncall_overrides_schedule_idx').on(table.scheduleId, table.endsAt)],
);

export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    repeat: integer('repeat').notNull().default(0),
    levels: jsonb('levels').$type<PolicyLevel[]>().notNull(),
    /** A notifications chat webhook told of every page and escalation, if any. */
    chatWebhookId: uuid('chat_webhook_id'),
    externalRef: text('external_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('escalation_policies_name_idx').on(table.name),
    uniqueIndex('escalation_policies_external_idx').on(table.externalRef),
  ],
);

/** The policy a service pages: one per service. */
export const servicePolicies = pgTable('oncall_service_policies', {
  serviceId: uuid('service_id')
    .primaryKey()
    .references(() => cis.id, { onDelete: 'cascade' }),
  policyId: uuid('policy_id')
    .notNull()
    .references(() => escalationPolicies.id, { onDelete: 'cascade' }),
});

export const oncallPages = pgTable(
  'oncall_pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => escalationPolicies.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').references(() => cis.id, { onDelete: 'set null' }),
    /** The incident's key and title when paged (the message and the lists show them). */
    ticketKey: text('ticket_key').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ['triggered', 'acknowledged', 'exhausted'] }).notNull(),
    /** 0-based index of the level last notified, and how many times the levels ran again. */
    level: integer('level').notNull().default(0),
    loop: integer('loop').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    nextEscalationAt: timestamp('next_escalation_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedVia: text('acknowledged_via'),
  },
  (table) => [
    uniqueIndex('oncall_pages_ticket_policy_idx').on(table.ticketId, table.policyId),
    index('oncall_pages_opened_idx').on(table.openedAt),
  ],
);

/** Who a page notified, at which level and loop: the "my pages" list and the load reports. */
export const pageRecipients = pgTable(
  'oncall_page_recipients',
  {
    pageId: uuid('page_id')
      .notNull()
      .references(() => oncallPages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    loop: integer('loop').notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }).notNull(),
    /** The acknowledge link's nonce (single use: the page acknowledges once). */
    nonce: text('nonce').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.pageId, table.userId, table.level, table.loop] }),
    index('oncall_page_recipients_user_idx').on(table.userId, table.notifiedAt),
  ],
);

/** How a person wants to be reached when paged, beyond their account's email (imported or set). */
export const contactMethods = pgTable(
  'oncall_contact_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['email', 'sms', 'voice', 'push', 'chat'] }).notNull(),
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('oncall_contact_methods_unique_idx').on(table.userId, table.kind, table.address)],
);
