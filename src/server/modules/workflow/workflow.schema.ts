import { boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { WorkflowDefinition } from './engine.js';

export const workflows = pgTable('workflows', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  definition: jsonb('definition').$type<WorkflowDefinition>().notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
