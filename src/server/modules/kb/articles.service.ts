// Knowledge articles: written in Markdown by agents, owned by a person, for an audience (`public`:
// anyone, the status page's readers too; `internal`: signed-in people), through a lifecycle
// (draft → published → retired, and back to published), every saved edit a version.
import { and, asc, desc, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { kbArticleIn, kbArticleListQuery, kbArticlePatchIn } from '../../../shared/api/kb.js';
import type { AppContext } from '../../context.js';
import { type Queryable, withTransaction } from '../../db/client.js';
import { conflict, forbidden, invalidField, notFound, unauthorized } from '../../lib/errors.js';
import { actorOf, findUserByEmail, getUser, type Principal } from '../identity/index.js';
import { findTicketByKey } from '../tickets/index.js';
import { resolveCategory } from './categories.service.js';
import { lineDiff } from './diff.js';
import { type articleStatuses, kbArticles, kbArticleVersions, kbFeedback } from './kb.schema.js';

type Status = (typeof articleStatuses)[number];
export type ArticleRow = typeof kbArticles.$inferSelect;

const nextStatuses: Record<Status, readonly Status[]> = {
  draft: ['published', 'retired'],
  published: ['retired'],
  retired: ['published'],
};

const mayWrite = (principal: Principal | null) => !!principal?.permissions.has('kb:write');

/** Whether the caller may read the article: published ones by audience; others by writers only. */
export function mayRead(article: ArticleRow, principal: Principal | null): boolean {
  if (mayWrite(principal)) return true;
  if (article.status !== 'published') return false;
  return article.audience === 'public' || principal !== null;
}

async function ownerId(context: AppContext, ref: string | null | undefined, fallback: string | null) {
  if (ref === undefined) return fallback;
  if (ref === null) return null;
  const user = /^[0-9a-f-]{36}$/i.test(ref)
    ? await getUser(context.db, ref).catch(() => undefined)
    : await findUserByEmail(context.db, ref);
  if (!user?.active) throw invalidField('owner', `there is no active user ${ref}.`, 'unknown_user');
  return user.id;
}

async function knownErrorKey(context: AppContext, ref: string | null | undefined) {
  if (!ref) return ref ?? null;
  const ticket = await findTicketByKey(context, ref);
  if (ticket?.kind !== 'problem')
    throw invalidField('knownError', `there is no problem ${ref}.`, 'unknown_problem');
  return ticket.key;
}

export async function createArticle(
  context: AppContext,
  principal: Principal,
  input: z.infer<typeof kbArticleIn>,
  requestId?: string,
): Promise<ArticleRow> {
  const category = input.category ? await resolveCategory(context.db, input.category) : null;
  const owner = await ownerId(context, input.owner, principal.user.id);
  const knownError = await knownErrorKey(context, input.knownError);
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const [row] = await tx
      .insert(kbArticles)
      .values({
        title: input.title,
        body: input.body,
        tags: input.tags,
        categoryId: category?.id ?? null,
        ownerId: owner,
        audience: input.audience,
        status: input.status,
        language: input.language,
        knownError,
        reviewBy: input.reviewBy ?? defaultReviewBy(now),
        publishedAt: input.status === 'published' ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(kbArticleVersions).values({
      articleId: row!.id,
      version: 1,
      title: row!.title,
      body: row!.body,
      authorId: actor.id,
      authorLabel: actor.label,
      note: 'created',
      at: now,
    });
    return row!;
  });
}

/** Articles are reviewed a year after they are written, unless their owner says otherwise. */
function defaultReviewBy(now: Date): string {
  const next = new Date(now);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next.toISOString().slice(0, 10);
}

export async function getArticle(
  db: Queryable,
  id: string,
  principal: Principal | null,
): Promise<ArticleRow> {
  const [row] = await db.select().from(kbArticles).where(eq(kbArticles.id, id));
  if (!row) throw notFound('The article');
  if (!mayRead(row, principal)) {
    if (row.status === 'published' && !principal)
      throw unauthorized('sign_in_required', 'Sign in to read this article.');
    throw notFound('The article');
  }
  return row;
}

export async function updateArticle(
  context: AppContext,
  principal: Principal,
  id: string,
  patch: z.infer<typeof kbArticlePatchIn>,
  requestId?: string,
): Promise<ArticleRow> {
  const category =
    patch.category === undefined
      ? undefined
      : patch.category
        ? await resolveCategory(context.db, patch.category)
        : null;
  const actor = actorOf(principal, requestId);
  const now = context.clock.now();
  const current = await getArticle(context.db, id, principal);
  const owner = await ownerId(context, patch.owner, current.ownerId);
  const knownError =
    patch.knownError === undefined ? current.knownError : await knownErrorKey(context, patch.knownError);
  return withTransaction(context.db, actor, async (tx) => {
    const [locked] = await tx.select().from(kbArticles).where(eq(kbArticles.id, id)).for('update');
    if (!locked) throw notFound('The article');
    const status = patch.status ?? locked.status;
    if (status !== locked.status && !nextStatuses[locked.status].includes(status))
      throw conflict(
        'invalid_transition',
        `A ${locked.status} article cannot become ${status} (it may become ${nextStatuses[locked.status].join(' or ')}).`,
      );
    const title = patch.title ?? locked.title;
    const body = patch.body ?? locked.body;
    const newVersion = title !== locked.title || body !== locked.body;
    const version = newVersion ? locked.version + 1 : locked.version;
    const [row] = await tx
      .update(kbArticles)
      .set({
        title,
        body,
        version,
        status,
        ownerId: owner,
        knownError,
        ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
        ...(category !== undefined ? { categoryId: category?.id ?? null } : {}),
        ...(patch.audience !== undefined ? { audience: patch.audience } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
        ...(patch.reviewBy !== undefined ? { reviewBy: patch.reviewBy } : {}),
        ...(status === 'published' && locked.status !== 'published' ? { publishedAt: now } : {}),
        ...(status === 'retired' && locked.status !== 'retired' ? { retiredAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(kbArticles.id, id))
      .returning();
    if (newVersion) {
      await tx.insert(kbArticleVersions).values({
        articleId: id,
        version,
        title,
        body,
        authorId: actor.id,
        authorLabel: actor.label,
        note: patch.note ?? '',
        at: now,
      });
    }
    return row!;
  });
}

export async function listArticles(
  db: Queryable,
  principal: Principal,
  query: z.infer<typeof kbArticleListQuery>,
): Promise<ArticleRow[]> {
  const conditions: SQL[] = [];
  if (!mayWrite(principal)) conditions.push(eq(kbArticles.status, 'published'));
  if (query.status) conditions.push(eq(kbArticles.status, query.status));
  if (query.audience) conditions.push(eq(kbArticles.audience, query.audience));
  if (query.category)
    conditions.push(eq(kbArticles.categoryId, (await resolveCategory(db, query.category)).id));
  if (query.q) conditions.push(ilike(kbArticles.title, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return db
    .select()
    .from(kbArticles)
    .where(and(...conditions))
    .orderBy(desc(kbArticles.updatedAt))
    .limit(query.limit);
}

export async function articleVersions(db: Queryable, id: string, principal: Principal) {
  if (!mayWrite(principal)) throw forbidden('Only people who write articles see their versions.');
  await getArticle(db, id, principal);
  const versions = await db
    .select()
    .from(kbArticleVersions)
    .where(eq(kbArticleVersions.articleId, id))
    .orderBy(asc(kbArticleVersions.version));
  return versions
    .map((version, index) => ({
      version: version.version,
      title: version.title,
      author: version.authorLabel,
      note: version.note,
      at: version.at,
      diff: lineDiff(index > 0 ? versions[index - 1]!.body : '', version.body),
    }))
    .reverse();
}

export async function giveFeedback(
  context: AppContext,
  principal: Principal | null,
  id: string,
  input: { helpful: boolean; reason?: string | undefined },
  requestId?: string,
) {
  const article = await getArticle(context.db, id, principal);
  if (article.status !== 'published')
    throw conflict('not_published', 'Only published articles take feedback.');
  const actor = principal
    ? actorOf(principal, requestId)
    : { kind: 'system' as const, id: null, label: 'public', requestId };
  return withTransaction(context.db, actor, async (tx) => {
    await tx.insert(kbFeedback).values({
      articleId: id,
      helpful: input.helpful,
      reason: input.reason || null,
      userId: principal?.user.id ?? null,
      at: context.clock.now(),
    });
    const [row] = await tx
      .update(kbArticles)
      .set(
        input.helpful
          ? { helpful: sql`${kbArticles.helpful} + 1` }
          : { unhelpful: sql`${kbArticles.unhelpful} + 1` },
      )
      .where(eq(kbArticles.id, id))
      .returning({ helpful: kbArticles.helpful, unhelpful: kbArticles.unhelpful });
    return row!;
  });
}
