// Deflection, measured: while a requester types a request or a problem report, the portal asks for
// suggestions (articles and open incidents) under one session id per attempt; each ask is
// recorded. "This solved it" ends the attempt as solved; a ticket filed anyway ends it as a ticket
// (and overrides an earlier "solved" of the same attempt). The report counts the funnel.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import { invalidField, notFound } from '../../lib/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { suggestIncidents } from '../incidents/index.js';
import { getArticle } from './articles.service.js';
import { kbDeflections, kbSearches } from './kb.schema.js';
import { searchArticles } from './search.service.js';

export async function suggest(
  context: AppContext,
  principal: Principal,
  input: { q: string; session: string; limit: number },
  requestId?: string,
) {
  const [articles, incidents] = await Promise.all([
    searchArticles(context.db, { q: input.q, audiences: ['public', 'internal'], limit: input.limit }),
    suggestIncidents(context, principal, { q: input.q }),
  ]);
  const shownIncidents = incidents.slice(0, 3).map((incident) => ({
    key: incident.key,
    title: incident.title,
    status: incident.status,
  }));
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx.insert(kbSearches).values({
      sessionId: input.session,
      query: input.q.slice(0, 300),
      articleIds: articles.map((article) => article.id),
      incidentKeys: shownIncidents.map((incident) => incident.key),
      userId: principal.user.id,
      at: context.clock.now(),
    }),
  );
  return { articles, incidents: shownIncidents };
}

export async function recordOutcome(
  context: AppContext,
  principal: Principal,
  input: {
    session: string;
    outcome: 'solved' | 'ticket';
    article?: string | undefined;
    ticket?: string | undefined;
  },
  requestId?: string,
) {
  const [searched] = await context.db
    .select({ id: kbSearches.id })
    .from(kbSearches)
    .where(and(eq(kbSearches.sessionId, input.session), eq(kbSearches.userId, principal.user.id)))
    .limit(1);
  if (!searched) throw notFound('A search of yours with this session');
  if (input.outcome === 'solved' && !input.article)
    throw invalidField('article', 'say which article solved it.', 'article_required');
  if (input.article) await getArticle(context.db, input.article, principal);
  await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
    tx
      .insert(kbDeflections)
      .values({
        sessionId: input.session,
        outcome: input.outcome,
        articleId: input.article ?? null,
        ticketKey: input.ticket ?? null,
        userId: principal.user.id,
        at: context.clock.now(),
      })
      // A ticket filed after "this solved it" means it did not: the ticket wins.
      .onConflictDoUpdate({
        target: kbDeflections.sessionId,
        set: { outcome: 'ticket', ticketKey: input.ticket ?? null, at: context.clock.now() },
        setWhere: sql`excluded.outcome = 'ticket'`,
      }),
  );
  return { session: input.session, outcome: input.outcome };
}

const rate = (solved: number, tickets: number) => (solved + tickets > 0 ? solved / (solved + tickets) : null);

export async function deflectionReport(
  context: AppContext,
  range: { from?: string | undefined; to?: string | undefined },
) {
  const to = range.to ?? context.clock.now().toISOString().slice(0, 10);
  const from =
    range.from ??
    new Date(new Date(`${to}T00:00:00Z`).getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw invalidField('from', 'the range starts after it ends.');
  const db = context.db;
  const window = sql`at >= ${from}::date and at < ${to}::date + 1`;
  // One row per attempt, with what its last search asked and was shown.
  const sessions = sql`(select g.session_id, g.searches, g.suggested, l.article_ids as last_articles, l.query as last_query
      from (select session_id, count(*)::int as searches, max(id) as last_id,
                   bool_or(cardinality(article_ids) > 0 or cardinality(incident_keys) > 0) as suggested
              from kb_searches where ${window} group by session_id) g
      join kb_searches l on l.id = g.last_id)`;
  const totals = await db.execute<{
    attempts: number;
    searches: number;
    suggested: number;
    solved: number;
    tickets: number;
  }>(sql`
    select count(*)::int as attempts, coalesce(sum(s.searches), 0)::int as searches,
           count(*) filter (where s.suggested)::int as suggested,
           count(*) filter (where d.outcome = 'solved')::int as solved,
           count(*) filter (where d.outcome = 'ticket')::int as tickets
      from ${sessions} s left join kb_deflections d on d.session_id = s.session_id`);
  const byArticle = await db.execute<{
    id: string;
    title: string;
    shown: number;
    solved: number;
    tickets: number;
  }>(sql`
    with shown as (
      select distinct s.session_id, unnest(s.article_ids) as article_id from kb_searches s where ${window}
    )
    select a.id, a.title, count(distinct sh.session_id)::int as shown,
           count(distinct sh.session_id) filter (where d.outcome = 'solved' and d.article_id = a.id)::int as solved,
           count(distinct sh.session_id) filter (where d.outcome = 'ticket')::int as tickets
      from shown sh join kb_articles a on a.id = sh.article_id
      left join kb_deflections d on d.session_id = sh.session_id
     group by a.id, a.title order by shown desc, a.title limit 50`);
  const byCategory = await db.execute<{ category: string | null; solved: number; tickets: number }>(sql`
    select c.name as category,
           count(*) filter (where d.outcome = 'solved')::int as solved,
           count(*) filter (where d.outcome = 'ticket')::int as tickets
      from ${sessions} s join kb_deflections d on d.session_id = s.session_id
      left join kb_articles a on a.id = coalesce(d.article_id, s.last_articles[1])
      left join kb_categories c on c.id = a.category_id
     group by c.name order by count(*) desc`);
  const queries = (empty: boolean) =>
    db.execute<{ query: string; count: number }>(sql`
      select lower(s.last_query) as query, count(*)::int as count from ${sessions} s
       where ${empty ? sql`cardinality(s.last_articles) = 0` : sql`true`}
       group by lower(s.last_query) order by count(*) desc, lower(s.last_query) limit 20`);
  const [noResults, topSearches] = await Promise.all([queries(true), queries(false)]);
  const total = totals.rows[0]!;
  return {
    from,
    to,
    attempts: total.attempts,
    searches: total.searches,
    suggested: total.suggested,
    solved: total.solved,
    tickets: total.tickets,
    rate: rate(total.solved, total.tickets),
    abandoned: total.attempts - total.solved - total.tickets,
    byArticle: byArticle.rows.map((row) => ({ ...row, rate: rate(row.solved, row.tickets) })),
    byCategory: byCategory.rows.map((row) => ({ ...row, rate: rate(row.solved, row.tickets) })),
    noResults: noResults.rows,
    topSearches: topSearches.rows,
  };
}
