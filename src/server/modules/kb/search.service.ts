// Article search on PostgreSQL: full text in the query's language (web-style syntax, every word
// required for the best hits, any word for the rest, the last word matched as a prefix since people
// are still typing it), ranked by text rank × helpfulness × freshness; when that finds too little,
// titles spelled close to the query (pg_trgm) fill in. Snippets are escaped text with <mark>s.
import { param, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { plainText } from './markdown.js';

export interface SearchInput {
  q: string;
  language?: string | undefined;
  categoryId?: string | undefined;
  audiences: readonly ('public' | 'internal')[];
  limit: number;
}

export interface SearchHit {
  id: string;
  title: string;
  snippet: string;
  category: string | null;
  audience: 'public' | 'internal';
  match: 'text' | 'typo';
}

const start = '\u0002';
const stop = '\u0003';
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => entities[c] ?? c);

/** The headline with its marks made <mark>, everything else escaped. */
export function snippetHtml(headline: string): string {
  return escapeHtml(plainText(headline)).replaceAll(start, '<mark>').replaceAll(stop, '</mark>');
}

/** Words of the query as the to_tsquery syntax accepts them (letters and digits only). */
export function queryWords(q: string): string[] {
  return (q.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** How many candidates are ranked at most per pass (titles first), and looked at for typos. */
const titleCandidates = 200;
const otherCandidates = 300;
const typoCandidates = 200;

type Row = {
  id: string;
  title: string;
  headline: string;
  category: string | null;
  audience: 'public' | 'internal';
  match: 'text' | 'typo';
};

export async function searchArticles(db: Db, input: SearchInput): Promise<SearchHit[]> {
  const words = queryWords(input.q);
  if (words.length === 0) return [];
  const language = input.language ?? 'english';
  const last = words.at(-1)!;
  const head = input.q.slice(0, input.q.lastIndexOf(last));
  const loose = [...words.slice(0, -1), `${last}:*`].join(' | ');
  const audiences = param([...input.audiences]);
  const category = input.categoryId ?? null;
  const options = `StartSel=${start}, StopSel=${stop}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  // The tsqueries are written inline (not through a CTE) so the planner sees constants and uses
  // the GIN index. First the articles with every word; then, if too few, those with any word.
  const exact = sql`(websearch_to_tsquery(${language}::regconfig, ${head}) && to_tsquery(${language}::regconfig, ${`${last}:*`}))`;
  const any = sql`to_tsquery(${language}::regconfig, ${loose})`;
  // The same words in titles only (weight A): the best candidates when a word is very common.
  const titled = (joiner: string) =>
    sql`to_tsquery(${language}::regconfig, ${words.map((word, index) => (index === words.length - 1 ? `${word}:*A` : `${word}:A`)).join(joiner)})`;
  const filters = (exclude: readonly string[]) => sql`a.status = 'published'
           and a.audience = any(${audiences}::text[])
           and (${category}::uuid is null or a.category_id = ${category}::uuid)
           and not (a.id = any(${param([...exclude])}::uuid[]))`;
  // Ranking reads every candidate's tsvector: a word in most articles ("error") would rank all of
  // them. So the candidates are bounded first (title matches, then any match, each cut off by
  // LIMIT without ordering, which stops the index scan early), and only those are ranked.
  const pass = (
    query: typeof exact,
    inTitles: typeof exact,
    boost: number,
    exclude: readonly string[],
    limit: number,
  ) =>
    db.execute<Row>(sql`
      with candidates as (
        (select a.id from kb_articles a where a.search @@ ${inTitles} and ${filters(exclude)} limit ${titleCandidates})
        union
        (select a.id from kb_articles a where a.search @@ ${query} and ${filters(exclude)} limit ${otherCandidates})
      ),
      hits as (
        select a.id, a.title, a.body, a.language, a.category_id, a.audience,
               ts_rank_cd(a.search, ${any}, 32) * ${boost}
                 * (0.5 + 0.5 * (a.helpful + 1)::float8 / (a.helpful + a.unhelpful + 2))
                 * (0.7 + 0.3 / (1 + extract(epoch from now() - coalesce(a.published_at, a.created_at)) / 31536000.0)) as score
          from candidates c cross join lateral (select * from kb_articles a where a.id = c.id) a
         order by score desc, a.number desc
         limit ${limit}
      )
      select h.id, h.title, c.key as category, h.audience, 'text' as match,
             ts_headline(h.language, h.body, ${any}, ${options}) as headline
        from hits h left join kb_categories c on c.id = h.category_id
       order by h.score desc`);
  const found = await pass(exact, titled(' & '), 2, [], input.limit);
  if (found.rows.length < input.limit) {
    const more = await pass(
      any,
      titled(' | '),
      1,
      found.rows.map((row) => row.id),
      input.limit - found.rows.length,
    );
    found.rows.push(...more.rows);
  }
  const hits: Row[] = found.rows;
  if (hits.length < input.limit) {
    // Typos: titles with a part close to the query, by trigram word similarity (indexed).
    const typos = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
      // With a LIMIT the planner guesses a sequential scan finds enough soon; computing the
      // similarity of every title costs ~70 ms at 100,000 articles, the trigram index ~10 ms.
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      return tx.execute<Row>(sql`
        select a.id, a.title, c.key as category, a.audience, 'typo' as match,
               left(a.body, 240) as headline
          from (select a.id from kb_articles a
                 where ${input.q} <% a.title and ${filters(hits.map((hit) => hit.id))}
                 limit ${typoCandidates}) t
          join kb_articles a on a.id = t.id
          left join kb_categories c on c.id = a.category_id
         order by word_similarity(${input.q}, a.title) desc, a.number desc
         limit ${input.limit - hits.length}`);
    });
    hits.push(...typos.rows);
  }
  return hits.map((row) => ({
    id: row.id,
    title: row.title,
    snippet: snippetHtml(row.headline ?? ''),
    category: row.category,
    audience: row.audience,
    match: row.match,
  }));
}
