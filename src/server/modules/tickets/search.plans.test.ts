// The main ticket queries' plans at scale: a large generated ticket set (SCALE_TICKETS, 150,000 by
// default: with the same indexes and statistics the planner picks the same plans as at the bench's
// 1,000,000 — bench/search.ts prints them there), ANALYZEd; no query may read the tickets (or
// their history, comments or documents) by a sequential scan.
import type { SQL } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { generateTickets, type ScaleSet } from '../../testing/scale.js';
import { users } from '../identity/identity.schema.js';
import { principalOfUser } from '../identity/index.js';
import { openStatuses, scaleQueries } from './search.scale.js';
import { createdResolvedCounts, enteredStatusCounts } from './tickets.counts.js';
import { relevanceCandidates, searchTickets, ticketSearchStatements } from './tickets.queries.js';

const scale = Number(process.env.SCALE_TICKETS ?? 150_000);
const watched = ['tickets', 'ticket_history', 'ticket_comments', 'ticket_search'];

let t: TestApp;
let set: ScaleSet;
let client: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  set = await generateTickets(t.context.database.url, scale);
  client = new pg.Client({ connectionString: t.context.database.url });
  await client.connect();
}, 900_000);
afterAll(async () => {
  await client?.end();
  await t?.close();
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];
const seqScans = (plan: PlanNode) =>
  nodes(plan)
    .filter((node) => node['Node Type'] === 'Seq Scan' && watched.includes(node['Relation Name'] ?? ''))
    .map((node) => node['Relation Name']);

async function explain(text: string, params: unknown[]) {
  const { rows } = await client.query(`explain (format json) ${text}`, params);
  return rows[0]['QUERY PLAN'][0].Plan as PlanNode;
}

describe(`ticket queries at ${scale.toLocaleString('en')} tickets`, () => {
  it('search: no sequential scan of tickets, for admins, agents and requesters', async () => {
    const [admin] = await t.context.db.select().from(users).where(eq(users.email, 'admin@opsdesk.local'));
    const [agent] = await t.context.db.select().from(users).where(eq(users.id, set.sample.agentId));
    const [requester] = await t.context.db.select().from(users).where(eq(users.id, set.sample.requesterId));
    for (const user of [admin!, agent!, requester!]) {
      const principal = await principalOfUser(t.context.db, user, 'plans-test');
      for (const [name, query] of Object.entries(scaleQueries(set))) {
        const statements = await ticketSearchStatements(t.context, principal, query);
        for (const statement of [statements.words, statements.typos]) {
          if (!statement) continue;
          const built = statement.toSQL();
          const plan = await explain(built.sql, built.params);
          expect(seqScans(plan), `${user.role}: ${name}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
        }
      }
    }
    expect(openStatuses.length).toBeGreaterThan(3);
  });

  /** The admin's statement for each scale list is planned with that index. */
  async function expectAdminListsUse(lists: readonly (readonly [string, string])[]) {
    const [admin] = await t.context.db.select().from(users).where(eq(users.email, 'admin@opsdesk.local'));
    const principal = await principalOfUser(t.context.db, admin!, 'plans-test');
    const queries = scaleQueries(set);
    for (const [name, index] of lists) {
      const built = (await ticketSearchStatements(t.context, principal, queries[name]!)).words.toSQL();
      const plan = await explain(built.sql, built.params);
      const indexes = nodes(plan).map((node) => node['Index Name']);
      expect(indexes, `${name}\n${JSON.stringify(plan, null, 1)}`).toContain(index);
    }
  }

  it('search: a common word newest first walks the documents by time, not every match sorted', async () => {
    await expectAdminListsUse([
      ['a common word (newest first)', 'ticket_search_created_idx'],
      ['a common word (relevance)', 'ticket_search_created_idx'],
    ]);
  });

  it('lists by status or by last change read the copies in ticket_search by its indexes (tickets has none on them)', async () => {
    await expectAdminListsUse([
      ['a status (newest change first)', 'ticket_search_status_idx'],
      // A status no ticket has is found empty from the index, not by walking every ticket by time.
      ['a status no ticket has (newest first)', 'ticket_search_status_idx'],
      ['everything (newest change first)', 'ticket_search_updated_idx'],
      ['team + status', 'ticket_search_team_status_idx'],
      ['assignee + status', 'ticket_search_assignee_status_idx'],
    ]);
  });

  it("search: an agent's common word walks their team's documents by time, merged with their own tickets", async () => {
    const [agent] = await t.context.db.select().from(users).where(eq(users.id, set.sample.agentId));
    const principal = await principalOfUser(t.context.db, agent!, 'plans-test');
    const queries = scaleQueries(set);
    // Newest first walks the team's (team, time) index for its page; relevance's 500 candidates
    // are more than this scale's team holds matches (7,500 documents, ~3 %): it reads the team's
    // documents whole, by that index's bitmap (at 1,000,000 it walks it too: bench/README.md).
    for (const [name, teamIndexes] of [
      ['a common word (newest first)', ['ticket_search_team_created_idx']],
      ['a common word (relevance)', ['ticket_search_team_created_idx', 'ticket_search_team_updated_idx']],
    ] as const) {
      const built = (await ticketSearchStatements(t.context, principal, queries[name]!)).words.toSQL();
      const plan = await explain(built.sql, built.params);
      const all = nodes(plan);
      const indexes = all.map((node) => node['Index Name']);
      const shown = `${name}\n${JSON.stringify(plan, null, 1)}`;
      expect(
        indexes.filter((index) => (teamIndexes as readonly (string | undefined)[]).includes(index)),
        shown,
      ).not.toEqual([]);
      expect(indexes, shown).toContain('ticket_search_assignee_created_idx');
      // The word's GIN bitmap is not read, nor ANDed with the visibility's.
      expect(indexes, shown).not.toContain('ticket_search_document_idx');
      expect(
        all.filter((node) => node['Node Type'] === 'BitmapAnd'),
        shown,
      ).toEqual([]);
    }
  });

  it("search: an agent finds exactly their team's and their own tickets with a common word, newest first and by relevance", async () => {
    const word = set.sample.commonWord;
    const agentId = set.sample.agentId;
    const [agent] = await t.context.db.select().from(users).where(eq(users.id, agentId));
    const principal = await principalOfUser(t.context.db, agent!, 'plans-test');
    expect(principal.teamIds.length).toBeGreaterThan(0);
    // Their own tickets of other teams: the newest matches they are assigned to (the generator's),
    // one they take part in and one they asked for (made newer than any other match).
    const tsquery = `to_tsquery('english', $1 || ':*')`;
    const others = await client.query(
      `select s.ticket_id from ticket_search s
        where s.document @@ ${tsquery} and s.team_id <> all($2::uuid[]) and s.assignee_id is distinct from $3
          and s.requester_id is distinct from $3
        order by s.created_at desc limit 2`,
      [word, principal.teamIds, agentId],
    );
    const [followed, asked] = others.rows.map((row) => row.ticket_id as string);
    await client.query(
      `insert into ticket_participants (ticket_id, user_id, role) values ($1, $2, 'watcher')`,
      [followed, agentId],
    );
    await client.query(`update tickets set requester_id = $2, created_at = now() where id = $1`, [
      asked,
      agentId,
    ]);
    const visible = `(s.team_id = any($2::uuid[]) or s.assignee_id = $3 or s.requester_id = $3
                      or s.ticket_id in (select ticket_id from ticket_participants where user_id = $3))`;
    const newest = await client.query(
      `select t.key from ticket_search s join tickets t on t.id = s.ticket_id
        where s.document @@ ${tsquery} and ${visible}
        order by s.created_at desc, s.ticket_id desc limit 120`,
      [word, principal.teamIds, agentId],
    );
    const expected = newest.rows.map((row) => row.key as string);
    expect(expected.length).toBe(120);
    // Newest first, two pages by the cursor: the same tickets in the same order.
    const query = { ...scaleQueries(set)['a common word (newest first)']!, limit: 60 };
    const page1 = await searchTickets(t.context, principal, query);
    const page2 = await searchTickets(t.context, principal, { ...query, cursor: page1.nextCursor! });
    expect([...page1.rows, ...page2.rows].map((row) => row.key)).toEqual(expected);
    const keyOf = async (id: string) =>
      (await client.query(`select key from tickets where id = $1`, [id])).rows[0].key as string;
    // Its own tickets of other teams are among them, and no other team's ticket.
    expect(expected[0]).toBe(await keyOf(asked!));
    expect(expected).toContain(await keyOf(followed!));
    // Relevance: the best of the newest `relevanceCandidates` visible matches (the rank as the
    // search computes it: the document's, plus the title's similarity / 100).
    const ranked = await client.query(
      `select t.key from ticket_search s join tickets t on t.id = s.ticket_id
        where s.ticket_id in (select s.ticket_id from ticket_search s where s.document @@ ${tsquery} and ${visible}
                               order by s.created_at desc, s.ticket_id desc limit ${relevanceCandidates})
        order by (ts_rank(s.document, ${tsquery}) + word_similarity($1, lower(t.title)) / 100.0)::real desc,
                 s.ticket_id desc limit 50`,
      [word, principal.teamIds, agentId],
    );
    const relevance = await searchTickets(
      t.context,
      principal,
      scaleQueries(set)['a common word (relevance)']!,
    );
    expect(relevance.rows.map((row) => row.key)).toEqual(ranked.rows.map((row) => row.key));
  });

  it("lists: an agent's open tickets by last change, each branch of their visibility merged, are exactly theirs over two pages", async () => {
    const [agent] = await t.context.db.select().from(users).where(eq(users.id, set.sample.agentId));
    const principal = await principalOfUser(t.context.db, agent!, 'plans-test');
    const expected = await client.query(
      `select t.key from tickets t
        where t.status = any($1::text[])
          and (t.team_id = any($2::uuid[]) or t.assignee_id = $3 or t.requester_id = $3
               or t.id in (select ticket_id from ticket_participants where user_id = $3))
        order by t.updated_at desc, t.id desc limit 100`,
      [openStatuses, principal.teamIds, set.sample.agentId],
    );
    expect(expected.rows).toHaveLength(100);
    const query = { ...scaleQueries(set)['all open (newest change first)']!, limit: 50 };
    const page1 = await searchTickets(t.context, principal, query);
    const page2 = await searchTickets(t.context, principal, { ...query, cursor: page1.nextCursor! });
    expect([...page1.rows, ...page2.rows].map((row) => row.key)).toEqual(expected.rows.map((row) => row.key));
  });

  it('reports: created-resolved and need-further-support read the rollups', async () => {
    const plans: PlanNode[] = [];
    const explaining = {
      execute: async (query: SQL) => {
        const built = new PgDialect().sqlToQuery(query);
        plans.push(await explain(built.sql, built.params));
        return { rows: [] };
      },
    } as unknown as Queryable;
    const range = { from: new Date(Date.now() - 365 * 86_400_000), to: new Date(), timeZone: 'Europe/Paris' };
    await createdResolvedCounts(explaining, range, 'day', ['closed', 'cancelled', 'delivered'], 1101);
    await enteredStatusCounts(explaining, range, 'need_further_support');
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(seqScans(plan), JSON.stringify(plan, null, 1)).toEqual([]);
  });
});
