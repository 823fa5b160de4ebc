import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.schema.js';

export const articleAudiences = ['public', 'internal'] as const;
export const articleStatuses = ['draft', 'published', 'retired'] as const;

/** A text search configuration name (`english`, `simple` …): to_tsvector(regconfig, text) is immutable. */
const regconfig = customType<{ data: string }>({ dataType: () => 'regconfig' });

export const kbCategories = pgTable('kb_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Knowledge articles. `search` (a generated tsvector: title A, tags B, body C in the article's
 * language) and the trigram index on the title are added by hand in the migration.
 */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    tags: text('tags').array().notNull().default([]),
    categoryId: uuid('category_id').references(() => kbCategories.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    audience: text('audience', { enum: articleAudiences }).notNull().default('internal'),
    status: text('status', { enum: articleStatuses }).notNull().default('draft'),
    language: regconfig('language').notNull().default('english'),
    version: integer('version').notNull().default(1),
    /** The problem (known error) whose workaround this article publishes, e.g. PRB-4. */
    knownError: text('known_error'),
    reviewBy: date('review_by', { mode: 'string' }),
    helpful: integer('helpful').notNull().default(0),
    unhelpful: integer('unhelpful').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('kb_articles_number_idx').on(table.number),
    index('kb_articles_status_idx').on(table.status, table.audience),
    index('kb_articles_category_idx').on(table.categoryId),
  ],
);

/** Every saved version of an article (the current one included), for history and diffs. */
export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    note: text('note').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.version] })],
);

/** "This helped / did not help", with a reason. */
export const kbFeedback = pgTable(
  'kb_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    helpful: boolean('helpful').notNull(),
    reason: text('reason'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('kb_feedback_article_idx').on(table.articleId, table.at)],
);

/** Every search a person made while about to file something (one attempt = one session id). */
export const kbSearches = pgTable(
  'kb_searches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id').notNull(),
    query: text('query').notNull(),
    /** Articles suggested, best first. */
    articleIds: uuid('article_ids').array().notNull().default([]),
    incidentKeys: text('incident_keys').array().notNull().default([]),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('kb_searches_session_idx').on(table.sessionId),
    index('kb_searches_at_idx').on(table.at),
    index('kb_searches_empty_idx').on(table.at).where(sql`cardinality(${table.articleIds}) = 0`),
  ],
);

export const deflectionOutcomes = ['solved', 'ticket'] as const;

/** How an attempt ended: solved by an article ("this solved it") or a ticket filed anyway. */
export const kbDeflections = pgTable(
  'kb_deflections',
  {
    sessionId: uuid('session_id').primaryKey(),
    outcome: text('outcome', { enum: deflectionOutcomes }).notNull(),
    articleId: uuid('article_id').references(() => kbArticles.id, { onDelete: 'set null' }),
    ticketKey: text('ticket_key'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('kb_deflections_at_idx').on(table.at)],
);
