// The knowledge base's API contract: articles (Markdown, rendered safely on the server) with
// categories, audience, lifecycle, versions and feedback; search (`GET /kb/search?q=` → articles
// `{id, title, snippet}` best first); suggestions while a requester types and the deflection
// report.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

export const articleAudiences = ['public', 'internal'] as const;
export const articleStatuses = ['draft', 'published', 'retired'] as const;
export const searchLanguages = [
  'english',
  'simple',
  'german',
  'french',
  'spanish',
  'dutch',
  'indonesian',
] as const;

const tags = z.array(z.string().trim().min(1).max(50)).max(20);
const categoryRef = z.string().trim().min(1).max(100).describe('a category key or id');

export const kbSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200),
    category: categoryRef.optional(),
    audience: z.enum(articleAudiences).optional().describe('signed-in people only may ask for internal'),
    lang: z.enum(searchLanguages).optional().describe('how the query is stemmed (default english)'),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const kbSearchHit = z.object({
  id: z.uuid(),
  title: z.string(),
  /** HTML-escaped text of the matching passage; the matched words are wrapped in <mark>…</mark>. */
  snippet: z.string(),
  category: z.string().nullable(),
  audience: z.enum(articleAudiences),
  /** How the article matched: its words (full text) or a close spelling of its title (typo). */
  match: z.enum(['text', 'typo']),
});
export const kbSearchOut = z.array(kbSearchHit);

export const kbCategoryIn = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
      .describe('unique key'),
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export const kbCategoryOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  articles: z.number().int(),
});
export const kbCategoriesOut = z.array(kbCategoryOut);

const articleFields = {
  title: z.string().trim().min(1).max(300),
  body: z.string().max(100_000).describe('Markdown; raw HTML is shown as text, never run'),
  tags,
  category: categoryRef.nullable(),
  audience: z.enum(articleAudiences),
  language: z.enum(searchLanguages),
  owner: z.string().max(254).nullable().describe('a user id or email'),
  reviewBy: z.iso.date().nullable(),
  knownError: z
    .string()
    .regex(/^PRB-\d+$/, 'a problem key such as PRB-4')
    .nullable()
    .describe('the known error whose workaround the article publishes'),
};

export const kbArticleIn = z
  .object({
    ...articleFields,
    body: articleFields.body.default(''),
    tags: tags.default([]),
    category: articleFields.category.optional(),
    audience: articleFields.audience.default('internal'),
    language: articleFields.language.default('english'),
    owner: articleFields.owner.optional(),
    reviewBy: articleFields.reviewBy.optional(),
    knownError: articleFields.knownError.optional(),
    status: z.enum(['draft', 'published']).default('draft'),
  })
  .strict();

export const kbArticlePatchIn = patchOf(
  z.object({
    ...articleFields,
    status: z
      .enum(articleStatuses)
      .describe('draft → published → retired (a retired article may be published again)'),
    note: z.string().max(500).describe('what this edit changed (kept with the version)'),
  }),
);

export const kbArticleParams = z.object({ id: z.uuid() }).strict();
export const kbVersionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) }).strict();

export const kbArticleOut = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** The body rendered from Markdown: safe HTML (no script, no event handlers, no raw HTML). */
  html: z.string(),
  tags: z.array(z.string()),
  category: z.object({ key: z.string(), name: z.string() }).nullable(),
  audience: z.enum(articleAudiences),
  status: z.enum(articleStatuses),
  language: z.string(),
  version: z.number().int(),
  owner: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  knownError: z.string().nullable(),
  reviewBy: z.string().nullable(),
  helpful: z.number().int(),
  unhelpful: z.number().int(),
  publishedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const kbArticleListQuery = z
  .object({
    status: z.enum(articleStatuses).optional(),
    category: categoryRef.optional(),
    audience: z.enum(articleAudiences).optional(),
    q: z.string().trim().max(200).optional().describe('words in the title'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const kbArticleSummary = kbArticleOut.omit({ body: true, html: true });
export const kbArticleListOut = z.array(kbArticleSummary);

export const kbVersionOut = z.object({
  version: z.number().int(),
  title: z.string(),
  author: z.string(),
  note: z.string(),
  at: dateTime,
  /** Lines against the version before: `+` added, `-` removed, ` ` kept. */
  diff: z.array(z.object({ op: z.enum(['+', '-', ' ']), line: z.string() })),
});
export const kbVersionsOut = z.array(kbVersionOut);

export const kbPreviewIn = z.object({ body: z.string().max(100_000) }).strict();
export const kbPreviewOut = z.object({ html: z.string() });

export const kbFeedbackIn = z
  .object({
    helpful: z.boolean(),
    reason: z.string().trim().max(1000).optional().describe('what was missing or wrong'),
  })
  .strict();
export const kbFeedbackOut = z.object({ helpful: z.number().int(), unhelpful: z.number().int() });

/** Suggestions while a requester types a request or a problem report (the attempt is one session). */
export const kbSuggestQuery = z
  .object({
    q: z.string().trim().min(1).max(300),
    session: z.uuid().describe('one id per attempt, made by the portal'),
    limit: z.coerce.number().int().min(1).max(10).default(5),
  })
  .strict();
export const kbSuggestOut = z.object({
  articles: kbSearchOut,
  incidents: z.array(z.object({ key: z.string(), title: z.string(), status: z.string() })),
});

export const kbDeflectionIn = z
  .object({
    session: z.uuid(),
    outcome: z.enum(['solved', 'ticket']).describe('solved: "this solved it"; ticket: filed anyway'),
    article: z.uuid().optional().describe('solved: the article that solved it'),
    ticket: z.string().max(40).optional().describe('ticket: the key of the ticket filed'),
  })
  .strict();
export const kbDeflectionOut = z.object({ session: z.uuid(), outcome: z.enum(['solved', 'ticket']) });

export const kbDeflectionReportQuery = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
  .strict();
const rateRow = {
  solved: z.number().int(),
  tickets: z.number().int(),
  /** solved ÷ (solved + tickets); null when neither happened. */
  rate: z.number().nullable(),
};
export const kbDeflectionReportOut = z.object({
  from: z.string(),
  to: z.string(),
  /** Attempts: sessions in which someone searched. */
  attempts: z.number().int(),
  searches: z.number().int(),
  /** Attempts in which at least one article or incident was suggested. */
  suggested: z.number().int(),
  ...rateRow,
  /** Attempts that ended with neither (left, or still going): not counted as deflected. */
  abandoned: z.number().int(),
  byArticle: z.array(z.object({ id: z.uuid(), title: z.string(), shown: z.number().int(), ...rateRow })),
  byCategory: z.array(z.object({ category: z.string().nullable(), ...rateRow })),
  noResults: z.array(z.object({ query: z.string(), count: z.number().int() })),
  topSearches: z.array(z.object({ query: z.string(), count: z.number().int() })),
});
