// Ticket search: filters, visibility, and cursor pagination (newest first, stable under inserts).
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TicketSearch } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { badRequest } from '../../lib/errors.js';
import { allRequestTypes, findRequestType } from '../catalog/index.js';
import { findTeamByKey, findUserByEmail, type Principal } from '../identity/index.js';
import { type TicketRow, ticketExtensions } from './lifecycle.js';
import { tickets } from './tickets.schema.js';
import { viewerOf, visibleOnCopyBranches, visibleTo } from './visibility.js';

/** Where a page ended: the sort key's value and the id of the last row (ties broken by id). */
interface Cursor {
  sort: TicketSearch['sort'];
  dir: TicketSearch['dir'];
  value: string | number;
  id: string;
}

/**
 * The search document of each ticket and the columns a search filters and orders by, kept by
 * triggers (migrations 0021, 0023; not in the drizzle schema, which does not know tsvector).
 */
const ticketSearch = pgTable('ticket_search', {
  ticketId: uuid('ticket_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  status: text('status').notNull(),
  teamId: uuid('team_id'),
  requesterId: uuid('requester_id'),
  assigneeId: uuid('assignee_id'),
});

/**
 * Relevance ranks the newest this many matches (visible, filtered) of the words: ranking every
 * match of a common word (3 % of a million tickets) costs more than a search may.
 */
export const relevanceCandidates = 500;

const sortColumns = {
  created: tickets.createdAt,
  updated: tickets.updatedAt,
  key: tickets.number,
} as const;

const sortColumnsOnCopy = { created: ticketSearch.createdAt, updated: ticketSearch.updatedAt } as const;

const sortValue = (row: TicketRow, rank: number, sort: TicketSearch['sort']) =>
  sort === 'relevance'
    ? Number(rank)
    : sort === 'key'
      ? row.number
      : (sort === 'created' ? row.createdAt : row.updatedAt).toISOString();

const encodeCursor = (row: TicketRow, rank: number, query: TicketSearch) =>
  Buffer.from(
    JSON.stringify({
      sort: query.sort,
      dir: query.dir,
      value: sortValue(row, rank, query.sort),
      id: row.id,
    } satisfies Cursor),
  ).toString('base64url');

function decodeCursor(cursor: string, query: TicketSearch): Cursor {
  let parsed: Cursor;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.id !== 'string' || !['string', 'number'].includes(typeof parsed.value))
      throw new Error('shape');
  } catch {
    throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned.');
  }
  if (parsed.sort !== query.sort || parsed.dir !== query.dir) {
    throw badRequest('invalid_cursor', 'cursor: it belongs to another sort order; start again without it.');
  }
  return parsed;
}

const endOf = (value: string) =>
  value.length === 10 ? new Date(new Date(`${value}T00:00:00Z`).getTime() + 86_400_000) : new Date(value);

export async function searchTickets(context: AppContext, principal: Principal, query: TicketSearch) {
  const search = await ticketSearchStatements(context, principal, query);
  let rows = await search.words;
  // Nothing for the words as written: perhaps a typo. Titles whose words are like the words typed
  // (trigrams), best first.
  if (rows.length === 0 && search.typos && !query.cursor) rows = await search.typos;
  const found = rows.slice(0, query.limit);
  const last = found.at(-1);
  return {
    rows: found.map((row) => row.ticket),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.ticket, last.rank, query) : null,
  };
}

/**
 * The search's statements, not yet run (the EXPLAIN test reads their plans): `words` the search
 * as asked, `typos` the fallback by title trigrams when there are words.
 */
export async function ticketSearchStatements(context: AppContext, principal: Principal, query: TicketSearch) {
  const { db } = context;
  const viewer = await viewerOf(db, principal);
  const visible = await visibleTo(db, viewer);
  // The filters on columns ticket_search has no copy of (the tickets' own).
  const conditions: (SQL | undefined)[] = [];
  // The filters it has copies of: on the tickets (`onTicket`) and the same on the search table's
  // copies (`onDocument`), for a search by words (see `joined` below) or a list by status or by
  // last change (see `byCopies`).
  const onTicket: (SQL | undefined)[] = [];
  const onDocument: (SQL | undefined)[] = [];
  if (query.status) {
    const statuses = query.status.split(',').map((status) => status.trim());
    onTicket.push(inArray(tickets.status, statuses));
    onDocument.push(inArray(ticketSearch.status, statuses));
  }
  if (query.kind) conditions.push(eq(tickets.kind, query.kind));
  if (query.priority)
    conditions.push(
      inArray(
        tickets.priority,
        query.priority.split(',').map((priority) => priority.trim()),
      ),
    );
  if (query.requestType) {
    const type = await findRequestType(db, query.requestType);
    conditions.push(type ? eq(tickets.requestTypeId, type.id) : sql`false`);
  }
  /** The user a reference names: null when no user has it. */
  const userOf = async (ref: string) => {
    if (ref === 'me') return principal.user.id;
    if (/^[0-9a-f-]{36}$/.test(ref)) return ref;
    return (await findUserByEmail(db, ref))?.id ?? null;
  };
  // A person's filter on the copies is for the lists by copies alone (a search by words with one
  // checks each of the person's tickets' documents, on the tickets).
  const personOnDocument: SQL[] = [];
  const person = (column: AnyPgColumn, copy: AnyPgColumn, userId: string | null) => {
    onTicket.push(userId ? eq(column, userId) : sql`false`);
    personOnDocument.push(userId ? eq(copy, userId) : sql`false`);
  };
  if (query.requester) person(tickets.requesterId, ticketSearch.requesterId, await userOf(query.requester));
  if (query.assignee === 'none') {
    onTicket.push(isNull(tickets.assigneeId));
    personOnDocument.push(isNull(ticketSearch.assigneeId));
  } else if (query.assignee) {
    person(tickets.assigneeId, ticketSearch.assigneeId, await userOf(query.assignee));
  }
  if (query.team) {
    const team = await findTeamByKey(db, query.team);
    onTicket.push(team ? eq(tickets.teamId, team.id) : sql`false`);
    onDocument.push(team ? eq(ticketSearch.teamId, team.id) : sql`false`);
  }
  if (query.environment) conditions.push(await namingEnvironment(db, query.environment));
  if (query.from) {
    onTicket.push(gte(tickets.createdAt, new Date(query.from)));
    onDocument.push(gte(ticketSearch.createdAt, new Date(query.from)));
  }
  if (query.to) {
    onTicket.push(lt(tickets.createdAt, endOf(query.to)));
    onDocument.push(lt(ticketSearch.createdAt, endOf(query.to)));
  }
  const text = query.q ? textSearch(query.q, Boolean(query.requester || query.assignee)) : null;
  if (query.sort === 'relevance' && !text) {
    throw badRequest('invalid_sort', 'sort: relevance needs words to search for (q).');
  }
  if (text) conditions.push(text.condition);
  const filters = ticketExtensions().searchFilters;
  // Filters on columns ticket_search has no copy of (a word search then joins every candidate).
  let ticketsOnly = Boolean(query.kind || query.priority || query.requestType);
  for (const [name, filter] of Object.entries(filters)) {
    const value = (query as Record<string, unknown>)[name];
    if (typeof value === 'string') {
      conditions.push(filter(tickets.id, value, context.clock.now()));
      ticketsOnly = true;
    }
  }
  // Words without a person filter: the tickets joined to their documents, filtered and ordered by
  // the search table's columns (its btree on the time, each document checked on the way; or the
  // GIN index for a rare word: the planner chooses by the word's frequency). Relevance ranks the
  // newest `relevanceCandidates` matches. A person's few tickets, and a key typed whole, check
  // each ticket's document instead (text.words).
  const joined = text?.joined ?? null;
  const order = query.dir === 'desc' ? desc : asc;
  // One real-valued expression for the select, the order and the cursor's comparison.
  const rank = sql<number>`(${text?.rank ?? sql`0`})::real`;
  const column = query.sort === 'relevance' ? rank : sortColumns[query.sort];
  const cursorCondition = (by: SQL | AnyPgColumn, tieBreak: AnyPgColumn) => {
    if (!query.cursor) return undefined;
    const cursor = decodeCursor(query.cursor, query);
    const value =
      query.sort === 'key'
        ? Number(cursor.value)
        : query.sort === 'relevance'
          ? sql`${Number(cursor.value)}::real`
          : new Date(String(cursor.value));
    return query.dir === 'desc'
      ? sql`(${by}, ${tieBreak}) < (${value}, ${cursor.id}::uuid)`
      : sql`(${by}, ${tieBreak}) > (${value}, ${cursor.id}::uuid)`;
  };
  const page = (extra: SQL | undefined) =>
    db
      .select({ ticket: tickets, rank })
      .from(tickets)
      .where(and(visible, ...conditions, ...onTicket, extra, cursorCondition(column, tickets.id)))
      .orderBy(order(column), order(tickets.id))
      .limit(query.limit + 1);
  // A list without words by status or by last change reads the copies (tickets has no index on
  // its status or updated_at: a transition is then a HOT update, migration 0030).
  const copies = !text && (query.sort === 'updated' || Boolean(query.status));
  // Visibility on the copies too: an agent's team and own tickets by their bitmaps (else the walk
  // by time passes every other team's documents); the tickets' own condition stays.
  const branches = joined || copies ? await visibleOnCopyBranches(db, viewer, ticketSearch) : null;
  const visibleCopy = branches ? or(...branches) : branches;
  // Unless the word is common: then ANDing its GIN bitmap (tens of thousands of entries) with the
  // visibility's costs more than walking each branch of the visibility by time until it has its
  // page (see `walkBranches`).
  const walking =
    joined && branches && branches.length > 1 && !ticketsOnly && query.sort !== 'key'
      ? await walkBranches(db, query, onDocument, text!.tsquery)
      : null;
  const byDocument = (match: SQL) => {
    const matching = and(visible, ...conditions, ...onTicket, ...onDocument, visibleCopy ?? undefined, match);
    const documentRank = sql<number>`(${text!.rankOf(sql`ts_rank(${sql.raw('"ticket_search"."document"')}, ${text!.tsquery})`)})::real`;
    const by: SQL | AnyPgColumn =
      query.sort === 'relevance'
        ? documentRank
        : query.sort === 'key'
          ? tickets.number
          : query.sort === 'created'
            ? ticketSearch.createdAt
            : ticketSearch.updatedAt;
    const found = db
      .select({ ticket: tickets, rank: query.sort === 'relevance' ? documentRank : sql<number>`0::real` })
      .from(tickets)
      .innerJoin(ticketSearch, eq(ticketSearch.ticketId, tickets.id));
    if (walking && branches) {
      // Each branch's first matches by its (team, time) index or the viewer's own few tickets,
      // from ticket_search alone (the word's match written so its GIN index is not used); merged,
      // the first of them are the first of all (a match is in the first `count` overall only if
      // it is in the first `count` of a branch it belongs to). The tickets' own conditions
      // (visibility, filters) then on those few.
      const relevance = query.sort === 'relevance';
      const time = relevance || query.sort === 'created' ? ticketSearch.createdAt : ticketSearch.updatedAt;
      const first = firstOfBranches(db, branches, {
        where: [...onDocument, sql`(${match}) is true`],
        time,
        direction: relevance ? 'desc' : query.dir,
        count: relevance ? relevanceCandidates : query.limit + 1,
        cursor: relevance ? undefined : cursorCondition(time, ticketSearch.ticketId),
      });
      return found
        .where(
          and(
            visible,
            ...conditions,
            ...onTicket,
            sql`${tickets.id} = any(array(${first}))`,
            relevance ? cursorCondition(by, ticketSearch.ticketId) : undefined,
          ),
        )
        .orderBy(order(by), order(ticketSearch.ticketId))
        .limit(query.limit + 1);
    }
    if (query.sort !== 'relevance')
      return found
        .where(and(matching, cursorCondition(by, ticketSearch.ticketId)))
        .orderBy(order(by), order(ticketSearch.ticketId))
        .limit(query.limit + 1);
    // The newest candidates (the inner tickets/ticket_search shadow the outer ones), then ranked.
    const candidates = db
      .select({ id: ticketSearch.ticketId })
      .from(ticketSearch)
      .innerJoin(tickets, eq(tickets.id, ticketSearch.ticketId))
      .where(matching)
      .orderBy(desc(ticketSearch.createdAt), desc(ticketSearch.ticketId))
      .limit(relevanceCandidates);
    return found
      .where(and(sql`${tickets.id} = any(array(${candidates}))`, cursorCondition(by, ticketSearch.ticketId)))
      .orderBy(order(by), order(ticketSearch.ticketId))
      .limit(query.limit + 1);
  };
  // The list by the copies: their filters, visibility and order (a status's or team's tickets by
  // latest change on ticket_search's indexes), each page's tickets then read by primary key. The
  // copies are the tickets' own once the writing transaction has committed (0028's deferred
  // trigger), so only the filters without a copy are checked on the tickets (the tickets' own
  // visibility too when an extension's rule applies to the viewer: it has no copy).
  const byCopies = () => {
    const by = query.sort === 'key' ? tickets.number : sortColumnsOnCopy[query.sort as 'created' | 'updated'];
    const found = db
      .select({ ticket: tickets, rank })
      .from(tickets)
      .innerJoin(ticketSearch, eq(ticketSearch.ticketId, tickets.id));
    // Everything on the copies: the page's ids from ticket_search alone, then only those tickets
    // read (not every match's ticket before the sort). For an agent, each branch of their
    // visibility on its own (a team's open tickets by its (team, status, time) index, what is
    // assigned to them by theirs, their own few), its first page, merged (`firstOfBranches`, as
    // for a common word): one condition ORing them reads every match of the broadest branch's index.
    if (branches !== null && query.sort !== 'key' && conditions.every((condition) => !condition)) {
      const time = sortColumnsOnCopy[query.sort as 'created' | 'updated'];
      const first = firstOfBranches(
        db,
        branches && branches.length > 1 ? branches : [visibleCopy ?? undefined],
        {
          where: [...onDocument, ...personOnDocument],
          time,
          direction: query.dir,
          count: query.limit + 1,
          cursor: cursorCondition(time, ticketSearch.ticketId),
        },
      );
      return found
        .where(sql`${tickets.id} = any(array(${first}))`)
        .orderBy(order(by), order(ticketSearch.ticketId))
        .limit(query.limit + 1);
    }
    return found
      .where(
        and(
          visibleCopy === null ? visible : visibleCopy,
          ...conditions,
          ...onDocument,
          ...personOnDocument,
          cursorCondition(by, ticketSearch.ticketId),
        ),
      )
      .orderBy(order(by), order(ticketSearch.ticketId))
      .limit(query.limit + 1);
  };
  return {
    words: joined ? byDocument(joined) : copies ? byCopies() : page(text?.words),
    typos: text ? page(text.typos) : null,
  };
}

/**
 * Requests whose form names the environment: for each key that some request type uses for an
 * environment field, `fields @> {"<key>": "<name>"}` (GIN index `tickets_fields_idx`, one bitmap
 * per key, ORed), kept to the request types whose field of that key is an environment.
 */
async function namingEnvironment(db: Queryable, name: string): Promise<SQL> {
  const typesByKey = new Map<string, string[]>();
  for (const type of await allRequestTypes(db))
    for (const field of type.fields)
      if (field.type === 'environment')
        typesByKey.set(field.key, [...(typesByKey.get(field.key) ?? []), type.id]);
  if (typesByKey.size === 0) return sql`false`;
  return or(
    ...[...typesByKey].map(
      ([key, typeIds]) =>
        sql`(${tickets.fields} @> ${JSON.stringify({ [key]: name })}::jsonb and ${inArray(tickets.requestTypeId, typeIds)})`,
    ),
  )!;
}

/** How many documents (the first in the walk's order) `walkBranches` looks at, and the most a walk may read. */
const probeDocuments = 1000;
const walkBudget = 30_000;

/**
 * The ids of the first `count` documents of ticket_search in `time` order that meet `where` and
 * one of the viewer's visibility `branches` (a team, what is assigned to them, their own): each
 * branch's first `count` by its own index, merged. A document is among the first `count` of all
 * only if it is among the first `count` of a branch it belongs to, so the merge is exact, and no
 * branch's index is read past its page (one condition ORing them reads every match of the
 * broadest). A single branch needs no merge.
 */
function firstOfBranches(
  db: Queryable,
  branches: readonly (SQL | undefined)[],
  page: {
    where: (SQL | undefined)[];
    time: AnyPgColumn;
    direction: 'asc' | 'desc';
    count: number;
    cursor: SQL | undefined;
  },
): SQL {
  const sorted = page.direction === 'desc' ? desc : asc;
  const firstOf = (branch: SQL | undefined) =>
    db
      .select({ id: sql`${ticketSearch.ticketId}`.as('id'), at: sql`${page.time}`.as('at') })
      .from(ticketSearch)
      .where(and(branch, ...page.where, page.cursor))
      .orderBy(sorted(page.time), sorted(ticketSearch.ticketId))
      .limit(page.count);
  if (branches.length === 1) return sql`select "id" from (${firstOf(branches[0])}) first`;
  const way = sql.raw(page.direction);
  return sql`select "id" from (${sql.join(
    branches.map((branch) => sql`(${firstOf(branch)})`),
    sql` union `,
  )}) first order by "at" ${way}, "id" ${way} limit ${page.count}`;
}

/**
 * Whether an agent's word search walks each branch of their visibility by time: when the words are
 * common enough among the first documents in the walk's order (newest first unless oldest first was
 * asked; with the search's filters on the copies) that a walk finds its page (the first
 * `relevanceCandidates` for relevance) within `walkBudget` documents. A common word's GIN bitmap
 * ANDed with the visibility's costs more (45,000 entries for a word in 4.5 % of a million tickets:
 * 25–80 ms before a row is read); a rarer word's does not, and the planner picks it (a walk would
 * pass most of the team's documents).
 */
async function walkBranches(
  db: Queryable,
  query: TicketSearch,
  onDocument: (SQL | undefined)[],
  tsquery: SQL,
) {
  const time = query.sort === 'updated' ? ticketSearch.updatedAt : ticketSearch.createdAt;
  const count = query.sort === 'relevance' ? relevanceCandidates : query.limit + 1;
  const newest = db
    .select({ document: sql`${sql.raw('"ticket_search"."document"')}`.as('document') })
    .from(ticketSearch)
    .where(and(...onDocument))
    .orderBy(query.sort !== 'relevance' && query.dir === 'asc' ? asc(time) : desc(time))
    .limit(probeDocuments);
  const [row] = await db
    .select({ matches: sql<number>`count(*)::int` })
    .from(newest.as('newest'))
    .where(sql`"newest"."document" @@ ${tsquery}`);
  return (row?.matches ?? 0) * walkBudget >= count * probeDocuments;
}

/** Letters and digits of the words typed (at most 8), lower case. */
export const searchWords = (q: string) =>
  (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length <= 60).slice(0, 8);

/**
 * Full text (the ticket's document in ticket_search: title, key, fields, people, public comments;
 * English stems, each word also as a prefix), a key typed whole ("REQ-12"), or — when the words
 * find nothing — titles with similar words (trigrams: typos).
 */
function textSearch(q: string, narrow: boolean) {
  const words = searchWords(q);
  const key = q.trim().toUpperCase();
  const keyLike = /^[A-Z]+-\d+$/.test(key);
  if (words.length === 0) return null;
  const tsquery = sql`to_tsquery('english', ${words.map((word) => `${word}:*`).join(' & ')})`;
  const similarity = sql.join(
    words.map((word) => sql`word_similarity(${word}, lower(${tickets.title}))`),
    sql` + `,
  );
  // With a person filter (a requester's or an assignee's few tickets), or a key: each ticket's
  // document by primary key (or the matching documents' ids, for a key or a word).
  const inDocument = narrow
    ? sql`exists (select 1 from ticket_search s where s.ticket_id = ${tickets.id} and s.document @@ ${tsquery})`
    : sql`${tickets.id} = any(array(select s.ticket_id from ticket_search s where s.document @@ ${tsquery}))`;
  const rank = sql`coalesce((select ts_rank(s.document, ${tsquery}) from ticket_search s where s.ticket_id = ${tickets.id}), 0)`;
  const typos = and(...words.map((word) => sql`lower(${tickets.title}) %> ${word}`));
  return {
    tsquery,
    condition: keyLike ? or(eq(tickets.key, key), inDocument)! : undefined,
    words: keyLike ? undefined : inDocument,
    /** The match on the joined ticket_search row (words alone: no key, no person). */
    joined: keyLike || narrow ? null : sql`${sql.raw('"ticket_search"."document"')} @@ ${tsquery}`,
    rankOf: (documentRank: SQL) => sql`(${documentRank} + ${similarity} / 100.0)`,
    typos: keyLike ? sql`false` : typos,
    rank: keyLike
      ? sql`(case when ${tickets.key} = ${key} then 1 else 0 end + ${rank})`
      : sql`(${rank} + ${similarity} / 100.0)`,
  };
}

export {
  type SlaSummary,
  slaSummaryOut,
  type TicketSearch,
  ticketSearchQuery,
} from '../../../shared/api/tickets.js';
