import { sql } from 'drizzle-orm';
import {
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
import type { FieldValues } from '../../../shared/fields.js';
import { requestTypes } from '../catalog/catalog.schema.js';
import { teams, users } from '../identity/identity.schema.js';

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The number within the kind's own sequence (`ticket_number_<kind>`): REQ-12 and INC-12 may coexist. */
    number: integer('number').notNull(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull().default('request'),
    priority: text('priority').notNull().default('moderate'),
    requestTypeId: uuid('request_type_id').references(() => requestTypes.id),
    workflowKey: text('workflow_key').notNull(),
    status: text('status').notNull(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    title: text('title').notNull(),
    fields: jsonb('fields').$type<FieldValues>().notNull().default({}),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => teams.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the ticket entered its current run of resolving statuses; null while unresolved. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * How the ticket ended, when the transition that brought it to its status names one (a declined
     * request: `declined` in status `cancelled`), with the reason given then; null otherwise.
     */
    outcome: text('outcome'),
    outcomeReason: text('outcome_reason'),
    /** Bumped by every change, for optimistic concurrency and cache keys. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('tickets_kind_number_idx').on(table.kind, table.number),
    // No index holds a column a transition changes (status, status_changed_at, updated_at,
    // resolved_at, closed_at, outcome, version), so a transition is a HOT update (migration 0030,
    // with fillfactor 90): the lists by status or by last change read ticket_search's copies.
    index('tickets_requester_idx').on(table.requesterId, table.createdAt),
    index('tickets_type_created_idx').on(table.requestTypeId, table.createdAt),
    index('tickets_team_created_idx').on(table.teamId, table.createdAt),
    index('tickets_assignee_created_idx').on(table.assigneeId, table.createdAt),
    index('tickets_created_idx').on(table.createdAt),
    // Tickets naming a value in their form fields (an environment's tickets: fields @> {key: name}).
    index('tickets_fields_idx').using('gin', table.fields.op('jsonb_path_ops')),
    // Full text: a `search` tsvector (title, key, field values, requester and assignee names,
    // comments) kept by triggers, GIN-indexed; trigrams of key and title for prefixes and typos.
    // Both are hand-written in the migration (drizzle's select() must not fetch the tsvector).
  ],
);

/**
 * Daily reports at a million tickets: counts per UTC quarter hour (every time zone's offset is a
 * whole number of quarter hours, so any zone's local days are sums of these), kept by triggers in
 * the transaction of the change and rebuilt by `opsdesk reports rebuild`.
 * Tickets created per quarter and request type, and how many of them ever entered
 * need_further_support (counted on the quarter the ticket was created in).
 */
export const ticketCreatedRollup = pgTable('ticket_created_rollup', {
  quarter: timestamp('quarter', { withTimezone: true }).notNull(),
  requestTypeId: uuid('request_type_id'),
  created: integer('created').notNull().default(0),
  escalated: integer('escalated').notNull().default(0),
  /** The backend that counted (pg_backend_pid): concurrent transactions never share a row. */
  slot: integer('slot').notNull().default(0),
});

/** Status changes per quarter hour and (from, to): resolutions are those into a resolving status. */
export const ticketTransitionRollup = pgTable('ticket_transition_rollup', {
  quarter: timestamp('quarter', { withTimezone: true }).notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  count: integer('count').notNull().default(0),
  /** As in ticket_created_rollup: one row per quarter, statuses and counting backend. */
  slot: integer('slot').notNull().default(0),
});

/** Every status change, with who and when: the source of truth for SLAs and reports. */
export const ticketHistory = pgTable(
  'ticket_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    transition: text('transition').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
  },
  (table) => [
    index('ticket_history_ticket_idx').on(table.ticketId, table.id),
    index('ticket_history_to_idx').on(table.toStatus, table.at),
  ],
);

export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    authorKind: text('author_kind').notNull(),
    authorId: uuid('author_id'),
    authorLabel: text('author_label').notNull(),
    body: text('body').notNull(),
    internal: boolean('internal').notNull().default(false),
    /** comment (by a person), verification, approval, fulfilment, system. */
    kind: text('kind').notNull().default('comment'),
    /** Structured facts behind a system comment (e.g. the verification problems per field). */
    data: jsonb('data'),
  },
  (table) => [index('ticket_comments_ticket_idx').on(table.ticketId, table.at)],
);

/**
 * People who stand in a relation to a ticket besides its requester, team and assignee: approvers
 * (asked by the approvals module), followers, incident roles. They may see the ticket; `active`
 * says whether the relation holds now (an approver still asked, a role not handed over).
 */
export const ticketParticipants = pgTable(
  'ticket_participants',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    active: boolean('active').notNull().default(true),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.userId, table.role] }),
    index('ticket_participants_user_idx').on(table.userId, table.ticketId),
  ],
);

export const ticketLinkTypes = ['child_of', 'duplicate_of', 'caused_by', 'related_to'] as const;
export type TicketLinkType = (typeof ticketLinkTypes)[number];

/** "A child_of B": directed links between tickets of any kind, kept by the core. */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ticketLinkTypes }).notNull(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (table) => [
    uniqueIndex('ticket_links_unique_idx').on(table.ticketId, table.type, table.targetId),
    index('ticket_links_target_idx').on(table.targetId, table.type),
    check('ticket_links_not_self', sql`${table.ticketId} <> ${table.targetId}`),
  ],
);

/**
 * Files attached to a ticket, when it is filed or with a comment. The bytes live in the blob store
 * (the data dir or an S3 bucket) under `storageKey`; the row says what they are. An attachment of
 * an internal comment is internal too (agents only). `contentType` is what Opsdesk decided from the
 * bytes and the name, never the uploader's claim alone.
 */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => ticketComments.id, { onDelete: 'set null' }),
    field: text('field').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    internal: boolean('internal').notNull().default(false),
    storage: text('storage').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedById: uuid('uploaded_by_id'),
    uploadedByLabel: text('uploaded_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('ticket_attachments_ticket_idx').on(table.ticketId, table.createdAt),
    check('ticket_attachments_size_check', sql`${table.size} >= 0`),
  ],
);

/**
 * Files uploaded ahead of the request they belong to (the portal uploads the form's files first,
 * then files the request naming them): owned by the uploader, attached in the filing's own
 * transaction (the row then moves to `ticket_attachments`, same id and stored bytes) and deleted
 * with their bytes when `expiresAt` passes unused (the module's prune).
 */
export const stagedAttachments = pgTable(
  'staged_attachments',
  {
    id: uuid('id').primaryKey(),
    uploaderId: uuid('uploader_id')
      .notNull()
      .references(() => users.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storage: text('storage').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('staged_attachments_expires_idx').on(table.expiresAt)],
);
