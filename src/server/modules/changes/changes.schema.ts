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
import { cis } from '../cmdb/cmdb.schema.js';
import { teams, users } from '../identity/identity.schema.js';
import { tickets } from '../tickets/tickets.schema.js';

/** A registered CI/CD pipeline: its deployments become changes and ask the gate (token stored as SHA-256). */
export const changePipelines = pgTable('change_pipelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  /** Its deployments are standard (pre-authorized) changes; otherwise normal ones. */
  standard: boolean('standard').notNull().default(false),
  /** Who registered it: the requester of its deployments' changes. */
  createdById: uuid('created_by_id')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The change extension of a ticket (kind `change`): the Seven Rs, plans, windows, risk, outcome. */
export const changes = pgTable(
  'changes',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** When it was raised (its ticket's creation), for reports by range. */
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    description: text('description').notNull().default(''),
    reason: text('reason').notNull().default(''),
    expectedReturn: text('expected_return').notNull().default(''),
    risks: text('risks').notNull().default(''),
    resources: text('resources').notNull().default(''),
    responsibleId: uuid('responsible_id').references(() => users.id),
    implementationPlan: text('implementation_plan').notNull().default(''),
    backoutPlan: text('backout_plan').notNull().default(''),
    testPlan: text('test_plan').notNull().default(''),
    plannedStart: timestamp('planned_start', { withTimezone: true }).notNull(),
    plannedEnd: timestamp('planned_end', { withTimezone: true }).notNull(),
    actualStart: timestamp('actual_start', { withTimezone: true }),
    actualEnd: timestamp('actual_end', { withTimezone: true }),
    /** A copy of the ticket's status, kept by the changes listener (conflicts and the calendar read it). */
    status: text('status').notNull().default('new'),
    riskScore: integer('risk_score').notNull().default(0),
    riskLevel: text('risk_level').notNull().default('low'),
    /** Each factor's contribution at the last assessment: [{key,label,points,detail}]. */
    riskFactors: jsonb('risk_factors').notNull().default([]),
    riskAnswers: jsonb('risk_answers').notNull().default({}),
    approvalPath: text('approval_path').notNull().default('none'),
    outcome: text('outcome'),
    reviewNotes: text('review_notes'),
    /** manual, deploy_api */
    origin: text('origin').notNull().default('manual'),
    pipelineId: uuid('pipeline_id').references(() => changePipelines.id, { onDelete: 'set null' }),
    version: text('version'),
    commit: text('commit'),
    /** A change manager's override of conflicts and the window, for the planned window it was given on. */
    overrideReason: text('override_reason'),
    overrideBy: text('override_by'),
    overrideAt: timestamp('override_at', { withTimezone: true }),
    /** Shown on the public status page as scheduled maintenance of the services it reaches. */
    public: boolean('public').notNull().default(false),
    /** The catalog request a standard change was filed as (its fulfilment runs are the evidence). */
    requestTicketId: uuid('request_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
  },
  (table) => [
    index('changes_planned_idx').on(table.plannedStart, table.plannedEnd),
    index('changes_status_idx').on(table.status),
    index('changes_raised_idx').on(table.raisedAt),
    index('changes_actual_end_idx').on(table.actualEnd),
    index('changes_request_idx').on(table.requestTicketId),
  ],
);

/** The CIs (services included) a change works on: its Relationships. */
export const changeCis = pgTable(
  'change_cis',
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
    index('change_cis_ci_idx').on(table.ciId),
  ],
);

/** The services a change reaches (impact analysis over its CIs), for freezes, windows and reports. */
export const changeServices = pgTable(
  'change_services',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    depth: integer('depth').notNull(),
    path: uuid('path').array().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.serviceId] }),
    index('change_services_service_idx').on(table.serviceId),
  ],
);

/** Freeze (blackout) windows: global, or for one service. */
export const changeFreezes = pgTable(
  'change_freezes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    reason: text('reason').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    serviceId: uuid('service_id').references(() => cis.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('change_freezes_range_idx').on(table.startsAt, table.endsAt)],
);

/** A service's weekly maintenance window (UTC): changes reaching it should fall inside one. */
export const changeMaintenanceWindows = pgTable(
  'change_maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => cis.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    days: integer('days').array().notNull(),
    startMinute: integer('start_minute').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
  },
  (table) => [index('change_maintenance_windows_service_idx').on(table.serviceId)],
);

/** The admins' risk questionnaire: a yes adds the question's weight to the score. */
export const changeRiskQuestions = pgTable('change_risk_questions', {
  id: uuid('id').primaryKey().defaultRandom(),
  text: text('text').notNull(),
  weight: integer('weight').notNull(),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/** Admin settings of the practice (one row, id 1): which teams play the change roles. */
export const changeSettings = pgTable('change_settings', {
  id: integer('id').primaryKey().default(1),
  cabTeam: text('cab_team').notNull().default('cab'),
  emergencyCabTeam: text('emergency_cab_team').notNull().default('ecab'),
  changeManagersTeam: text('change_managers_team').notNull().default('change-managers'),
  cabQuorum: integer('cab_quorum').notNull().default(2),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const changeActiveStatuses = ['assess', 'authorize', 'scheduled', 'implement'] as const;
