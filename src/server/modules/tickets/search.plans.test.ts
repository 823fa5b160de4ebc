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
import { ticketSearchStatements } from './tickets.queries.js';

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
  it('search: no sequential scan of tickets, for admins and for agents', async () => {
    const [admin] = await t.context.db.select().from(users).where(eq(users.email, 'admin@opsdesk.local'));
    const [agent] = await t.context.db.select().from(users).where(eq(users.id, set.sample.agentId));
    for (const user of [admin!, agent!]) {
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

  it('search: a common word newest first walks the documents by time, not every match sorted', async () => {
    const [admin] = await t.context.db.select().from(users).where(eq(users.email, 'admin@opsdesk.local'));
    const principal = await principalOfUser(t.context.db, admin!, 'plans-test');
    const queries = scaleQueries(set);
    for (const [name, index] of [
      ['a common word (newest first)', 'ticket_search_created_idx'],
      ['a common word (relevance)', 'ticket_search_created_idx'],
    ] as const) {
      const built = (await ticketSearchStatements(t.context, principal, queries[name]!)).words.toSQL();
      const plan = await explain(built.sql, built.params);
      const indexes = nodes(plan).map((node) => node['Index Name']);
      expect(indexes, `${name}\n${JSON.stringify(plan, null, 1)}`).toContain(index);
    }
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
