// Tables of the notification pipeline: settings, templates, rules, what happened (events), what
// was sent to whom (deliveries), the in-app inbox, preferences, and used action-link nonces.
// Audiences (mailing lists, subscriptions) and incident communications are in audiences.schema.ts.
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { deliveryChannels, deliveryStatuses, emailModes } from '../../../shared/api/notifications.js';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';
import { chatWebhooks, incidentCommunications, mailingLists } from './audiences/audiences.schema.js';

/** Admin-managed channel settings (the SMTP server), sealed with the instance key: they hold a password. */
export const notificationSettings = pgTable('notification_settings', {
  key: text('key').primaryKey(),
  valueEncrypted: text('value_encrypted').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** A customised template per event; an event without a row uses its default template. */
export const notificationTemplates = pgTable('notification_templates', {
  event: text('event').primaryKey(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** Which events notify whom: one row per event and audience (a chat webhook, a mailing list as target). */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    event: text('event').notNull(),
    audience: text('audience').notNull(),
    chatWebhookId: uuid('chat_webhook_id').references(() => chatWebhooks.id, { onDelete: 'cascade' }),
    mailingListId: uuid('mailing_list_id').references(() => mailingLists.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('notification_rules_event_idx').on(table.event)],
);

/** Something that happened and is worth telling: one row per occurrence, de-duplicated by key. */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    event: text('event').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    incidentCommunicationId: uuid('incident_communication_id').references(() => incidentCommunications.id, {
      onDelete: 'cascade',
    }),
    /** What the producer knew at the time (transition, actor, SLA figures …). */
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** The render context shared by every recipient, built once by the dispatch job. */
    context: jsonb('context').$type<Record<string, unknown>>(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    /** When the row was written (occurred_at is when it happened): the sweep's clock for lost dispatches. */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('notification_events_ticket_idx').on(table.ticketId, table.occurredAt),
    // The sweep's few candidates: only undispatched rows are in it.
    index('notification_events_undispatched_idx').on(table.recordedAt).where(sql`dispatched_at is null`),
  ],
);

export {
  type DeliveryChannel,
  type DeliveryStatus,
  deliveryChannels,
  deliveryStatuses,
  type EmailMode,
  emailModes,
} from '../../../shared/api/notifications.js';

/** One notification to one recipient over one channel: the delivery log. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Event, channel and recipient: a dispatch running twice inserts nothing the second time. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    eventId: uuid('event_id').references(() => notificationEvents.id, { onDelete: 'cascade' }),
    /** The event key, or `digest` for a digest email. */
    event: text('event').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    incidentCommunicationId: uuid('incident_communication_id').references(() => incidentCommunications.id, {
      onDelete: 'cascade',
    }),
    channel: text('channel', { enum: deliveryChannels }).notNull(),
    recipientKind: text('recipient_kind', { enum: ['user', 'email', 'chat'] }).notNull(),
    recipientUserId: uuid('recipient_user_id').references(() => users.id, { onDelete: 'cascade' }),
    recipientAddress: text('recipient_address'),
    recipientName: text('recipient_name').notNull(),
    recipientTimeZone: text('recipient_time_zone').notNull().default('UTC'),
    chatWebhookId: uuid('chat_webhook_id').references(() => chatWebhooks.id, { onDelete: 'set null' }),
    /** What the message's unsubscribe link stops: `pref:<user>:<event>`, `sub:<id>`, `member:<id>`. */
    unsubscribeScope: text('unsubscribe_scope'),
    /** For approval requests: the approval the approve/decline links decide. */
    approvalId: uuid('approval_id'),
    /** For items of a digest: the digest delivery that carries them. */
    digestId: uuid('digest_id'),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastErrorCode: text('last_error_code'),
    lastError: text('last_error'),
    messageId: text('message_id'),
    response: text('response'),
    subject: text('subject'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (table) => [
    index('notification_deliveries_ticket_idx').on(table.ticketId, table.createdAt),
    index('notification_deliveries_created_idx').on(table.createdAt),
    index('notification_deliveries_digest_idx')
      .on(table.recipientUserId)
      .where(sql`status = 'digest_pending'`),
    // The sweep's stale sends: only messages being sent are in it.
    index('notification_deliveries_sending_idx').on(table.updatedAt).where(sql`status = 'sending'`),
  ],
);

/** The in-app inbox behind the bell. */
export const inAppNotifications = pgTable(
  'in_app_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull().unique(),
    event: text('event').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    url: text('url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    index('in_app_notifications_user_idx').on(table.userId, table.createdAt),
    index('in_app_notifications_unread_idx').on(table.userId).where(sql`read_at is null`),
  ],
);

/** A person's choice per event: email at once, in the daily digest, or not at all; and the bell. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    email: text('email', { enum: emailModes }).notNull(),
    inApp: boolean('in_app').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.event] })],
);

export const notificationUserSettings = pgTable('notification_user_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Hour of the day (in the person's time zone) the digest goes out. */
  digestHour: integer('digest_hour').notNull().default(8),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Nonces of approve/decline links already used: a link acts once. */
export const usedActionNonces = pgTable('used_action_nonces', {
  nonce: text('nonce').primaryKey(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
});
