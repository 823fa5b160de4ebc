import { sql } from 'drizzle-orm';
import {
  bigserial,
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
import { cis } from '../cmdb/cmdb.schema.js';
import { users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

/** The incident extension of a ticket (kind `incident`). */
export const incidents = pgTable(
  'incidents',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    description: text('description').notNull().default(''),
    impact: text('impact').notNull(),
    urgency: text('urgency').notNull(),
    /** A copy of the ticket's priority and whether it is open, kept by the incidents listener (for service status). */
    priority: text('priority').notNull(),
    open: boolean('open').notNull().default(true),
    category: text('category'),
    /** The affected service as named (its CIs are in incident_cis). */
    serviceId: uuid('service_id').references(() => cis.id, { onDelete: 'set null' }),
    /** portal (a person reported it), agent (the workspace), event (monitoring). */
    source: text('source').notNull().default('agent'),
    /** An agent's word on how bad it is for its services, over what the priority says. */
    serviceStatusOverride: text('service_status_override'),
    major: boolean('major').notNull().default(false),
    majorDeclaredAt: timestamp('major_declared_at', { withTimezone: true }),
    majorReason: text('major_reason'),
    impactStartedAt: timestamp('impact_started_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    impactEndedAt: timestamp('impact_ended_at', { withTimezone: true }),
    workaround: text('workaround'),
    rootCause: text('root_cause'),
    /** Major incidents: when stakeholders expect the next update (the communications officer is reminded). */
    nextUpdateDueAt: timestamp('next_update_due_at', { withTimezone: true }),
    /** none until the first communication to stakeholders (sent as "started"), then updated / resolved. */
    lastCommunicationPhase: text('last_communication_phase').notNull().default('none'),
  },
  (table) => [
    index('incidents_major_idx').on(table.major).where(sql`${table.major}`),
    index('incidents_open_idx').on(table.open).where(sql`${table.open}`),
  ],
);

/** The CIs (services included) a person or a rule named as affected. */
export const incidentCis = pgTable(
  'incident_cis',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.ciId] }),
    index('incident_cis_ci_idx').on(table.ciId),
  ],
);

/** The services an incident reaches, from impact analysis over its CIs (recomputed when they change). */
export const incidentServices = pgTable(
  'incident_services',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    depth: integer('depth').notNull(),
    /** CI ids from the affected CI to the service. */
    path: uuid('path').array().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.serviceId] }),
    index('incident_services_service_idx').on(table.serviceId),
  ],
);

/** Impact × urgency → priority, as admins set it (seeded with the default matrix). */
export const incidentPriorityMatrix = pgTable(
  'incident_priority_matrix',
  {
    impact: text('impact').notNull(),
    urgency: text('urgency').notNull(),
    priority: text('priority').notNull(),
  },
  (table) => [primaryKey({ columns: [table.impact, table.urgency] })],
);

export const incidentRoles = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof incidentRoles)[number];

/** Who held a major incident role and when (a hand-over ends one row and starts another). */
export const incidentRoleAssignments = pgTable(
  'incident_role_assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    role: text('role', { enum: incidentRoles }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    assumedAt: timestamp('assumed_at', { withTimezone: true }).notNull(),
    renouncedAt: timestamp('renounced_at', { withTimezone: true }),
  },
  (table) => [index('incident_role_assignments_ticket_idx').on(table.ticketId, table.role)],
);

export const timelineKinds = [
  'opened',
  'update',
  'note',
  'status',
  'role',
  'major',
  'impact',
  'alert',
  'link',
  'page',
  'escalation',
  'acknowledgement',
] as const;

/** The incident's timeline: stakeholder updates, notes, status and role changes, linked alerts. */
export const incidentTimeline = pgTable(
  'incident_timeline',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind', { enum: timelineKinds }).notNull(),
    /** internal (responders), stakeholders (updates to people affected), public (the status page). */
    visibility: text('visibility').notNull().default('internal'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    body: text('body').notNull().default(''),
    data: jsonb('data'),
    pinned: boolean('pinned').notNull().default(false),
  },
  (table) => [index('incident_timeline_ticket_idx').on(table.ticketId, table.at)],
);
