import { boolean, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FieldDefinition } from '../../../shared/fields.js';
import { teams } from '../identity/identity.schema.js';
import type { ApprovalPolicy } from './approval-policy.js';
import type { FulfilmentSpec } from './fulfilment-spec.js';

export const catalogCategories = pgTable('catalog_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface SlaTarget {
  /** The SLA metric key, e.g. time_to_resolution. */
  metric: string;
  goalSeconds: number;
}

export const requestTypes = pgTable('request_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  categoryId: uuid('category_id')
    .notNull()
    .references(() => catalogCategories.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** Markdown shown with the form (paper, Fig. 10). */
  documentation: text('documentation').notNull().default(''),
  docsUrl: text('docs_url'),
  icon: text('icon').notNull().default('server'),
  fields: jsonb('fields').$type<FieldDefinition[]>().notNull(),
  workflowKey: text('workflow_key').notNull().default('fulfilment'),
  /** The team whose queue holds these tickets. */
  teamId: uuid('team_id').references(() => teams.id),
  approval: jsonb('approval').$type<ApprovalPolicy>().notNull(),
  fulfilment: jsonb('fulfilment').$type<FulfilmentSpec>(),
  slaTargets: jsonb('sla_targets').$type<SlaTarget[]>().notNull().default([]),
  autoCloseDays: real('auto_close_days'),
  /** The form also asks for a summary (the ticket's title) and a description (its first comment). */
  askSummary: boolean('ask_summary').notNull().default(true),
  /**
   * A standard change template: filing one skips approval and raises a pre-authorized change on
   * the environment CIs its form names; the fulfilment action (if any) is the implementation.
   */
  standardChange: boolean('standard_change').notNull().default(false),
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
