import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
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
import {
  alertStatuses,
  backupResults,
  type FieldMapping,
  integrationKinds,
  severities,
} from '../../../shared/api/events.js';
import { cis } from '../cmdb/cmdb.schema.js';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

export type AlertStatus = (typeof alertStatuses)[number];
export type Severity = (typeof severities)[number];
export type IntegrationKind = (typeof integrationKinds)[number];

/** A sending system (Alertmanager, Grafana, SNS …) and how its payloads are read. */
export const eventIntegrations = pgTable('event_integrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: integrationKinds }).notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  mapping: jsonb('mapping').$type<FieldMapping>(),
  /** Incidents opened from its alerts are reported by this user (the admin who set it up). */
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastReceivedAt: timestamp('last_received_at', { withTimezone: true }),
});

/** Keys of an integration, stored as SHA-256; a rotation revokes the old one (now or after a grace). */
export const eventIntegrationKeys = pgTable(
  'event_integration_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => eventIntegrations.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('event_integration_keys_hash_idx').on(table.hash)],
);

/** One alert per fingerprint while it is open (a repeat counts an occurrence on it). */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => eventIntegrations.id, { onDelete: 'cascade' }),
    fingerprint: text('fingerprint').notNull(),
    status: text('status', { enum: alertStatuses }).notNull(),
    severity: text('severity', { enum: severities }).notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull().default(''),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    ciId: uuid('ci_id').references(() => cis.id, { onDelete: 'set null' }),
    serviceId: uuid('service_id').references(() => cis.id, { onDelete: 'set null' }),
    siteId: uuid('site_id').references(() => cis.id, { onDelete: 'set null' }),
    incidentId: uuid('incident_id').references(() => tickets.id, { onDelete: 'set null' }),
    occurrences: integer('occurrences').notNull().default(1),
    /** Instants of its recent firing ↔ resolved changes (the last 50), for flapping. */
    stateChanges: jsonb('state_changes').$type<string[]>().notNull().default([]),
    flapping: boolean('flapping').notNull().default(false),
    /** `silence:<id>` or `maintenance:<id>` (or the hook's word) while held. */
    suppressedBy: text('suppressed_by'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    uniqueIndex('alerts_open_fingerprint_idx')
      .on(table.integrationId, table.fingerprint)
      .where(sql`${table.status} <> 'resolved'`),
    index('alerts_fingerprint_idx').on(table.integrationId, table.fingerprint, table.lastSeenAt),
    index('alerts_last_seen_idx').on(table.lastSeenAt),
    index('alerts_incident_idx').on(table.incidentId),
    index('alerts_ci_idx').on(table.ciId, table.lastSeenAt),
    index('alerts_unbound_idx').on(table.lastSeenAt).where(sql`${table.ciId} is null`),
  ],
);

/** Every delivery of an alert, raw; a retry (same occurrence key) is not stored twice. */
export const alertOccurrences = pgTable(
  'alert_occurrences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    integrationId: uuid('integration_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    occurrenceKey: text('occurrence_key'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    payload: jsonb('payload').notNull(),
  },
  (table) => [
    uniqueIndex('alert_occurrences_key_idx').on(table.integrationId, table.fingerprint, table.occurrenceKey),
    index('alert_occurrences_alert_idx').on(table.alertId, table.at),
  ],
);

/** Payloads refused as malformed, kept (bounded) for an admin to read. */
export const alertDeadLetters = pgTable(
  'alert_dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id').references(() => eventIntegrations.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    field: text('field'),
    body: text('body').notNull(),
  },
  (table) => [index('alert_dead_letters_received_idx').on(table.receivedAt)],
);

/**
 * The intake journal: each delivered message's parsed alerts, committed (many messages in one
 * group commit) before the sender's 2xx, then processed in id order by the `events.ingest` drain
 * (which sets `processed_at` and the message's counts). Processed rows are pruned after an hour.
 */
export const eventJournal = pgTable(
  'event_journal',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => eventIntegrations.id, { onDelete: 'cascade' }),
    /** The parsed alerts (IncomingAlert with `at` as an ISO string). */
    alerts: jsonb('alerts').$type<unknown[]>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** What processing did: `{created, updated, duplicates}`, or `{error}` for a message that could not be stored. */
    outcome: jsonb('outcome').$type<JournalOutcome>(),
  },
  (table) => [
    index('event_journal_pending_idx').on(table.id).where(sql`processed_at is null`),
    index('event_journal_processed_idx').on(table.processedAt),
  ],
);

export type JournalOutcome = { created: number; updated: number; duplicates: number } | { error: string };

/** How alerts find their CI or service, tried in order before the built-in label lookup. */
export const alertBindingRules = pgTable('alert_binding_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  position: integer('position').notNull().default(100),
  label: text('label').notNull(),
  pattern: text('pattern'),
  target: text('target', { enum: ['ci', 'service'] }).notNull(),
  classKey: text('class_key'),
  by: text('by', { enum: ['name', 'external_id'] }).notNull(),
  externalSource: text('external_source'),
  stripPort: boolean('strip_port').notNull().default(true),
  integrationId: uuid('integration_id').references(() => eventIntegrations.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What an alert does: open (or join) an incident, or only be recorded; the first match wins. */
export const alertActionRules = pgTable('alert_action_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  position: integer('position').notNull().default(100),
  severities: text('severities').array().notNull().default([]),
  labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
  integrationId: uuid('integration_id').references(() => eventIntegrations.id, { onDelete: 'cascade' }),
  action: text('action', { enum: ['open_incident', 'record'] }).notNull(),
  windowMinutes: integer('window_minutes').notNull().default(30),
  onAllResolved: text('on_all_resolved', { enum: ['resolve', 'mark', 'nothing'] })
    .notNull()
    .default('resolve'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface SilenceMatcher {
  label: string;
  value: string;
  regex: boolean;
}

export const alertSilences = pgTable(
  'alert_silences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matchers: jsonb('matchers').$type<SilenceMatcher[]>().notNull().default([]),
    ciId: uuid('ci_id').references(() => cis.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    comment: text('comment').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('alert_silences_ends_idx').on(table.endsAt)],
);

/** Declared maintenance of CIs (and, by choice, what depends on them) over a window. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    ciIds: uuid('ci_ids').array().notNull(),
    includeDependents: boolean('include_dependents').notNull().default(true),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    comment: text('comment').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('maintenance_windows_ends_idx').on(table.endsAt)],
);

/** What event management knows of the incidents its rules opened: the rule's word, the probable root cause. */
export const eventIncidents = pgTable('event_incidents', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  rootCiId: uuid('root_ci_id').references(() => cis.id, { onDelete: 'set null' }),
  windowMinutes: integer('window_minutes').notNull(),
  onAllResolved: text('on_all_resolved').notNull(),
  open: boolean('open').notNull().default(true),
  lastAlertAt: timestamp('last_alert_at', { withTimezone: true }).notNull(),
});

/** Backup job results (a `backup` integration), one per job session. */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => eventIntegrations.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    job: text('job').notNull(),
    ciId: uuid('ci_id').references(() => cis.id, { onDelete: 'set null' }),
    result: text('result', { enum: backupResults }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
  },
  (table) => [
    uniqueIndex('backup_runs_session_idx').on(table.integrationId, table.sessionId),
    index('backup_runs_ci_idx').on(table.ciId, table.endedAt),
  ],
);

/** Recovery point objectives of CIs or services, and whether each is breached now. */
export const backupRpo = pgTable('backup_rpo', {
  ciId: uuid('ci_id')
    .primaryKey()
    .references(() => cis.id, { onDelete: 'cascade' }),
  rpoMinutes: integer('rpo_minutes').notNull(),
  breachedSince: timestamp('breached_since', { withTimezone: true }),
});

/** Resolved alerts past retention, summarised per day before they are pruned. */
export const alertDaySummaries = pgTable(
  'alert_day_summaries',
  {
    day: date('day').notNull(),
    serviceId: uuid('service_id'),
    ciId: uuid('ci_id'),
    siteId: uuid('site_id'),
    severity: text('severity').notNull(),
    alerts: integer('alerts').notNull(),
    occurrences: integer('occurrences').notNull(),
  },
  (table) => [index('alert_day_summaries_day_idx').on(table.day)],
);

/** Settings of event management (one row). */
export const eventSettings = pgTable(
  'event_settings',
  {
    id: integer('id').notNull().default(1),
    flapCount: integer('flap_count').notNull().default(4),
    flapWindowMinutes: integer('flap_window_minutes').notNull().default(30),
    retentionDays: integer('retention_days').notNull().default(90),
    deadLetterLimit: integer('dead_letter_limit').notNull().default(200),
  },
  (table) => [primaryKey({ columns: [table.id] })],
);
