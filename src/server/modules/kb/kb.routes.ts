// The knowledge base over HTTP. Search, reading a published article and feedback are public (a
// signed-in caller also reaches internal articles); writing needs `kb:write`, categories
// `kb:admin`; suggestions and outcomes belong to signed-in requesters; the report to `reports:read`.
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/api/common.js';
import {
  kbArticleIn,
  kbArticleListOut,
  kbArticleListQuery,
  kbArticleOut,
  kbArticleParams,
  kbArticlePatchIn,
  kbCategoriesOut,
  kbCategoryIn,
  kbCategoryOut,
  kbDeflectionIn,
  kbDeflectionOut,
  kbDeflectionReportOut,
  kbDeflectionReportQuery,
  kbFeedbackIn,
  kbFeedbackOut,
  kbPreviewIn,
  kbPreviewOut,
  kbSearchOut,
  kbSearchQuery,
  kbSuggestOut,
  kbSuggestQuery,
  kbVersionsOut,
} from '../../../shared/api/kb.js';
import type { AppContext } from '../../context.js';
import { type App, sessionCookie } from '../../http/app.js';
import { unauthorized } from '../../lib/errors.js';
import { authenticator, type Principal, principalOf } from '../identity/index.js';
import {
  articleVersions,
  createArticle,
  getArticle,
  giveFeedback,
  listArticles,
  updateArticle,
} from './articles.service.js';
import { createCategory, listCategories, resolveCategory } from './categories.service.js';
import { deflectionReport, recordOutcome, suggest } from './deflection.service.js';
import { articleOut, articleSummaries } from './kb.view.js';
import { renderMarkdown } from './markdown.js';
import { searchArticles } from './search.service.js';

export async function kbRoutes(app: App, context: AppContext): Promise<void> {
  const authenticate = authenticator(context);
  /** On a public route: the signed-in caller, if any (an unknown token reads as nobody). */
  const callerOf = async (request: FastifyRequest): Promise<Principal | null> => {
    const token =
      /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? request.cookies[sessionCookie];
    if (!token) return null;
    return (await authenticate(token, context.clock.now()).catch(() => null)) as Principal | null;
  };

  app.get(
    '/api/v1/kb/search',
    {
      config: { public: true },
      schema: {
        tags: ['knowledge'],
        summary: 'Search published articles, best first (anyone: public ones; signed in: internal too)',
        querystring: kbSearchQuery,
        response: { 200: kbSearchOut, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const { q, category, audience, lang, limit } = request.query;
      if (audience === 'internal' && !caller)
        throw unauthorized('sign_in_required', 'Sign in to search internal articles.');
      const audiences = audience
        ? [audience]
        : caller
          ? (['public', 'internal'] as const)
          : (['public'] as const);
      return searchArticles(context.db, {
        q,
        language: lang,
        categoryId: category ? (await resolveCategory(context.db, category)).id : undefined,
        audiences,
        limit,
      });
    },
  );

  app.get(
    '/api/v1/kb/articles/:id',
    {
      config: { public: true },
      schema: {
        tags: ['knowledge'],
        summary: 'One article with its body rendered to safe HTML',
        params: kbArticleParams,
        response: { 200: kbArticleOut, ...errorResponses },
      },
    },
    async (request) =>
      articleOut(context.db, await getArticle(context.db, request.params.id, await callerOf(request))),
  );

  app.post(
    '/api/v1/kb/articles/:id/feedback',
    {
      config: { public: true },
      schema: {
        tags: ['knowledge'],
        summary: '"This helped" or "this did not help", with a reason',
        params: kbArticleParams,
        body: kbFeedbackIn,
        response: { 200: kbFeedbackOut, ...errorResponses },
      },
    },
    async (request) =>
      giveFeedback(context, await callerOf(request), request.params.id, request.body, request.id),
  );

  app.get(
    '/api/v1/kb/articles',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['knowledge'],
        summary: 'Articles, newest edit first (writers see drafts and retired ones too)',
        querystring: kbArticleListQuery,
        response: { 200: kbArticleListOut, ...errorResponses },
      },
    },
    async (request) =>
      articleSummaries(context.db, await listArticles(context.db, principalOf(request), request.query)),
  );

  app.post(
    '/api/v1/kb/articles',
    {
      config: { permission: 'kb:write' },
      schema: {
        tags: ['knowledge'],
        summary: 'Write an article (a draft unless published at once)',
        body: kbArticleIn,
        response: { 201: kbArticleOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await articleOut(
            context.db,
            await createArticle(context, principalOf(request), request.body, request.id),
          ),
        ),
  );

  app.patch(
    '/api/v1/kb/articles/:id',
    {
      config: { permission: 'kb:write' },
      schema: {
        tags: ['knowledge'],
        summary: 'Edit an article (a new version when title or body change) or move it through its lifecycle',
        params: kbArticleParams,
        body: kbArticlePatchIn,
        response: { 200: kbArticleOut, ...errorResponses },
      },
    },
    async (request) =>
      articleOut(
        context.db,
        await updateArticle(context, principalOf(request), request.params.id, request.body, request.id),
      ),
  );

  app.get(
    '/api/v1/kb/articles/:id/versions',
    {
      config: { permission: 'kb:write' },
      schema: {
        tags: ['knowledge'],
        summary: 'Every version of an article, newest first, each with its diff to the one before',
        params: kbArticleParams,
        response: { 200: kbVersionsOut, ...errorResponses },
      },
    },
    async (request) => articleVersions(context.db, request.params.id, principalOf(request)),
  );

  app.post(
    '/api/v1/kb/preview',
    {
      config: { permission: 'kb:write' },
      schema: {
        tags: ['knowledge'],
        summary: 'Render Markdown as an article would show it (the editor preview)',
        body: kbPreviewIn,
        response: { 200: kbPreviewOut, ...errorResponses },
      },
    },
    async (request) => ({ html: renderMarkdown(request.body.body) }),
  );

  app.get(
    '/api/v1/kb/categories',
    {
      config: { public: true },
      schema: {
        tags: ['knowledge'],
        summary: 'Knowledge categories with their article counts',
        response: { 200: kbCategoriesOut, ...errorResponses },
      },
    },
    async () => listCategories(context.db),
  );

  app.post(
    '/api/v1/kb/categories',
    {
      config: { permission: 'kb:admin' },
      schema: {
        tags: ['knowledge'],
        summary: 'Add a knowledge category',
        body: kbCategoryIn,
        response: { 201: kbCategoryOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCategory(context, principalOf(request), request.body, request.id)),
  );

  app.get(
    '/api/v1/kb/suggest',
    {
      config: { permission: 'ticket:create' },
      schema: {
        tags: ['knowledge'],
        summary: 'Articles and open incidents matching what a requester is typing (recorded for deflection)',
        querystring: kbSuggestQuery,
        response: { 200: kbSuggestOut, ...errorResponses },
      },
    },
    async (request) => suggest(context, principalOf(request), request.query, request.id),
  );

  app.post(
    '/api/v1/kb/deflections',
    {
      config: { permission: 'ticket:create' },
      schema: {
        tags: ['knowledge'],
        summary: 'How an attempt ended: "this solved it" (with the article) or a ticket filed anyway',
        body: kbDeflectionIn,
        response: { 200: kbDeflectionOut, ...errorResponses },
      },
    },
    async (request) => recordOutcome(context, principalOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/kb/deflection-report',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['knowledge'],
        summary:
          'Searches, suggestions, self-solved, tickets filed anyway, rate per article and category, no-result searches',
        querystring: kbDeflectionReportQuery,
        response: { 200: kbDeflectionReportOut, ...errorResponses },
      },
    },
    async (request) => deflectionReport(context, request.query),
  );
}
