// Who can be told besides the people a ticket names: chat channels, mailing lists by service and
// region (members need no account), subscriptions to a ticket or to a saved ticket search, and
// the incident communications sent to those audiences.
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidentPhases } from '../../../../shared/api/incident-communications.js';
import { users } from '../../identity/identity.schema.js';
import { tickets } from '../../tickets/tickets.schema.js';

/** A chat channel's incoming webhook; the URL is its credential, so it is sealed. */
export const chatWebhooks = pgTable('chat_webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  platform: text('platform', { enum: ['discord', 'slack', 'teams'] }).notNull(),
  urlEncrypted: text('url_encrypted').notNull(),
  /** Shown to admins instead of the URL. */
  urlHost: text('url_host').notNull(),
  username: text('username'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An audience (seed 001's W5H "who" and "where"): empty services or regions mean all of them. */
export const mailingLists = pgTable('mailing_lists', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  services: text('services').array().notNull().default(sql`'{}'::text[]`),
  regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
  /** Dates in messages to members without an account are shown in this zone. */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const mailingListMembers = pgTable(
  'mailing_list_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    listId: uuid('list_id')
      .notNull()
      .references(() => mailingLists.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name'),
    /** Set when the member has an account: their own time zone and preferences apply. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('mailing_list_members_email_idx').on(table.listId, sql`lower(${table.email})`)],
);

/** Someone following one ticket: a user, or just an email address added by an agent. */
export const ticketSubscriptions = pgTable(
  'ticket_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email'),
    name: text('name'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ticket_subscriptions_user_idx')
      .on(table.ticketId, table.userId)
      .where(sql`user_id is not null`),
    uniqueIndex('ticket_subscriptions_email_idx')
      .on(table.ticketId, sql`lower(${table.email})`)
      .where(sql`email is not null`),
  ],
);

/** A saved ticket search (the query parameters of GET /api/v1/tickets) a user follows. */
export const filterSubscriptions = pgTable(
  'filter_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('filter_subscriptions_user_idx').on(table.userId)],
);

export { type IncidentPhase, incidentPhases } from '../../../../shared/api/incident-communications.js';

/**
 * One message to stakeholders about an incident (seed 001: start, in progress, resolved), with
 * the fields stakeholders expect. There is no incident module yet: `reference` names the
 * incident (e.g. INC-311) and groups its history.
 */
export const incidentCommunications = pgTable(
  'incident_communications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    phase: text('phase', { enum: incidentPhases }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['investigating', 'identified', 'monitoring', 'resolved'] }).notNull(),
    serviceStatus: text('service_status').notNull(),
    impact: text('impact', { enum: ['none', 'minor', 'major', 'critical'] }).notNull(),
    regions: text('regions').array().notNull(),
    services: text('services').array().notNull(),
    components: text('components').array().notNull(),
    impactStart: timestamp('impact_start', { withTimezone: true }).notNull(),
    impactEnd: timestamp('impact_end', { withTimezone: true }),
    workaround: text('workaround'),
    rootCause: text('root_cause'),
    nextUpdateAt: timestamp('next_update_at', { withTimezone: true }),
    message: text('message').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    /** Chosen lists; null: every list whose services and regions match the incident. */
    mailingListIds: uuid('mailing_list_ids').array(),
    /** People with accounts told besides the lists (the followers of the incident's services). */
    recipientUserIds: uuid('recipient_user_ids').array().notNull().default([]),
    state: text('state', { enum: ['draft', 'sent'] }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('incident_communications_reference_idx').on(table.reference, table.createdAt)],
);
