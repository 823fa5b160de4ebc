// Full-text ticket search (issue 21 item 7, issue 18 item 4), bulk actions from the queue, and the
// report rollups (issue 18 item 5) giving the same figures as the rows they count.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { waitForStatus } from '../../testing/tickets.js';
import {
  createdResolvedCounts,
  enteredStatusCounts,
  enteredStatusCountsFromRows,
  rebuildTicketRollups,
  rebuildTicketSearch,
} from './tickets.counts.js';

let t: TestApp;
let pm: string;
let dev: string;
let infra: string;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [pm, dev, infra, admin] = await Promise.all(
    ['pm', 'dev', 'infra', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

const search = async (token: string, query: string) => {
  const all = query.includes('status=') ? '' : 'status=&';
  const response = await t.api('GET', `/api/v1/tickets?${all}${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((item: any) => item.key) as string[];
};
const words = (q: string, extra = '') => `q=${encodeURIComponent(q)}${extra}`;

async function fileWith(summary: string, description: string) {
  const response = await t.api('POST', '/api/v1/requests', {
    token: pm,
    body: {
      requestType: 'create-staging-domain',
      fields: { environment: 'nope', domain: `d${Math.random().toString(36).slice(2, 8)}` },
      summary,
      description,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await waitForStatus(t, pm, response.body.key, 'cancelled');
  return response.body.key as string;
}

describe('full-text search', () => {
  let zebra: string;
  let mossy: string;

  beforeAll(async () => {
    zebra = await fileWith(
      'Domain for the billing team',
      'The zebrafish pipelines fail when the cache warms',
    );
    mossy = await fileWith('Mossy kettle zebrafish domain', 'nothing more to say');
  });

  it('finds a ticket by a word of its description, stemmed and as a prefix', async () => {
    expect(await search(admin, words('zebrafish'))).toEqual(expect.arrayContaining([zebra, mossy]));
    expect(await search(admin, words('pipeline'))).toEqual([zebra]);
    expect(await search(admin, words('pipel warm'))).toEqual([zebra]);
    expect(await search(admin, words('zebrafish billing'))).toEqual([zebra]);
  });

  it('ranks a title match above a description match, and pages by relevance with a cursor', async () => {
    const first = await t.api('GET', `/api/v1/tickets?${words('zebrafish', '&sort=relevance&limit=1')}`, {
      token: admin,
    });
    expect(first.body.items.map((item: any) => item.key)).toEqual([mossy]);
    const second = await t.api(
      'GET',
      `/api/v1/tickets?${words('zebrafish', '&sort=relevance&limit=1')}&cursor=${first.body.nextCursor}`,
      { token: admin },
    );
    expect(second.status).toBe(200);
    expect(second.body.items.map((item: any) => item.key)).toEqual([zebra]);
    expect(second.body.nextCursor).toBeNull();
    const noWords = await t.api('GET', '/api/v1/tickets?sort=relevance', { token: admin });
    expect(noWords.status).toBe(400);
    expect(noWords.body.error.message).toContain('sort');
  });

  it('finds comments, the requester by name, a key whole, and a title with a typo', async () => {
    const commented = await t.api('POST', `/api/v1/tickets/${zebra}/comments`, {
      token: pm,
      body: { body: 'A wombat ate the cable', reopen: false },
    });
    expect(commented.status).toBe(201);
    expect(await search(admin, words('wombat'))).toEqual([zebra]);
    expect(await search(admin, words('putra zebrafish'))).toEqual(expect.arrayContaining([zebra, mossy]));
    expect(await search(admin, words(zebra.toLowerCase()))).toEqual([zebra]);
    // "mosy": no such word anywhere; the title's "Mossy" is close enough.
    expect(await search(admin, words('mosy'))).toEqual([mossy]);
  });

  it('filters and orders words by the ticket as it is now (status, last change)', async () => {
    const first = await fileWith('Quokka badge', 'the quokka door');
    const second = await fileWith('Quokka lanyard', 'another quokka');
    expect(await search(admin, words('quokka', '&sort=created&dir=desc'))).toEqual([second, first]);
    expect(await search(admin, words('quokka', '&sort=updated&dir=desc'))).toEqual([second, first]);
    expect(await search(admin, words('quokka', '&status=cancelled'))).toEqual([second, first]);
    // A later change of the first ticket: its status and time, as the search table's copies.
    await t.context.db.execute(
      sql`update tickets set status = 'in_progress', updated_at = now() + interval '1 hour' where key = ${first}`,
    );
    expect(await search(admin, words('quokka', '&sort=updated&dir=desc'))).toEqual([first, second]);
    expect(await search(admin, words('quokka', '&sort=updated&dir=asc'))).toEqual([second, first]);
    expect(await search(admin, words('quokka', '&status=cancelled'))).toEqual([second]);
    expect(await search(admin, words('quokka', '&status=in_progress'))).toEqual([first]);
    expect(await search(admin, words('quokka', '&sort=created&dir=desc&limit=1'))).toEqual([second]);
    // `opsdesk search rebuild` writes the same copies.
    expect(await rebuildTicketSearch(t.context.db)).toBeGreaterThan(1);
    expect(await search(admin, words('quokka', '&status=in_progress'))).toEqual([first]);
    expect(await search(admin, words('quokka', '&sort=updated&dir=desc'))).toEqual([first, second]);
  });

  it('searches a ticket as its transaction left it: a change with a comment, with an internal one, or twice', async () => {
    const first = await fileWith('Bilby badge', 'the bilby door');
    const second = await fileWith('Bilby lanyard', 'another bilby');
    // A status change and a public comment in one transaction (as a transition writes them).
    await t.context.db.transaction(async (tx) => {
      await tx.execute(
        sql`update tickets set status = 'in_progress', updated_at = now() + interval '2 hours' where key = ${first}`,
      );
      await tx.execute(sql`insert into ticket_comments (ticket_id, author_kind, author_label, body)
        select id, 'user', 'probe', 'a numbat was seen' from tickets where key = ${first}`);
    });
    expect(await search(admin, words('numbat', '&status=in_progress'))).toEqual([first]);
    expect(await search(admin, words('bilby', '&sort=updated&dir=desc'))).toEqual([first, second]);
    // Two changes and an internal comment in one transaction: the search has the last change.
    await t.context.db.transaction(async (tx) => {
      await tx.execute(
        sql`update tickets set status = 'resolved', updated_at = now() + interval '3 hours' where key = ${second}`,
      );
      await tx.execute(sql`insert into ticket_comments (ticket_id, author_kind, author_label, body, internal)
        select id, 'user', 'probe', 'an echidna, internally', true from tickets where key = ${second}`);
      await tx.execute(
        sql`update tickets set status = 'in_progress', updated_at = now() + interval '4 hours' where key = ${second}`,
      );
    });
    expect(await search(admin, words('bilby', '&status=resolved'))).toEqual([]);
    expect(await search(admin, words('bilby', '&status=in_progress&sort=updated&dir=desc'))).toEqual([
      second,
      first,
    ]);
    expect(await search(admin, words('echidna'))).toEqual([]);
  });

  it('does not find internal comments, nor tickets the caller may not see', async () => {
    const internal = await t.api('POST', `/api/v1/tickets/${zebra}/comments`, {
      token: admin,
      body: { body: 'platypus credentials rotated', internal: true },
    });
    expect(internal.status).toBe(201);
    expect(await search(admin, words('platypus'))).toEqual([]);
    expect(await search(pm, words('zebrafish'))).toEqual(expect.arrayContaining([zebra, mossy]));
    expect(await search(dev, words('zebrafish'))).toEqual([]);
    // An agent finds their team's tickets by a word, by every order.
    for (const sort of ['updated', 'created', 'relevance'])
      expect(await search(infra, words('zebrafish', `&sort=${sort}`))).toEqual(
        expect.arrayContaining([zebra, mossy]),
      );
    // In either direction (a word this common among the few documents here: each branch of the
    // agent's visibility walked by time, then merged).
    expect(await search(infra, words('zebrafish', '&sort=created&dir=desc'))).toEqual([mossy, zebra]);
    expect(await search(infra, words('zebrafish', '&sort=created&dir=asc'))).toEqual([zebra, mossy]);
    expect(await search(infra, words('zebrafish', '&sort=created&dir=asc&limit=1'))).toEqual([zebra]);
  });
});

describe("an environment's tickets", () => {
  it('lists the requests naming it in any environment field, newest first, as the caller may see them', async () => {
    const file = async (token: string, requestType: string, fields: Record<string, unknown>) => {
      const response = await t.api('POST', '/api/v1/requests', { token, body: { requestType, fields } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.key as string;
    };
    const started = await file(dev, 'start-request-only-staging', { environment: 'envlist-a' });
    const copied = await file(dev, 'copy-database-data', {
      sourceEnvironment: 'envlist-b',
      targetEnvironment: 'envlist-a',
      engine: 'postgres',
      database: 'shop',
      tables: ['orders'],
    });
    const domain = await file(pm, 'create-staging-domain', { environment: 'envlist-b', domain: 'envlist' });
    // Its target, source and plain environment fields all count; another environment's do not.
    expect(await search(admin, 'environment=envlist-a')).toEqual([copied, started]);
    expect(await search(admin, 'environment=envlist-b')).toEqual([domain, copied]);
    expect(await search(admin, 'environment=envlist-c')).toEqual([]);
    // A value of another field is no environment (the domain's name is "envlist").
    expect(await search(admin, 'environment=envlist')).toEqual([]);
    // Filters combine, and a requester sees only what they may see.
    expect(await search(admin, 'environment=envlist-b&requestType=copy-database-data')).toEqual([copied]);
    expect(await search(pm, 'environment=envlist-b')).toEqual([domain]);
    const blank = await t.api('GET', '/api/v1/tickets?environment=', { token: admin });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toContain('environment');
  });
});

describe('bulk actions', () => {
  it('applies to each ticket on its own and reports the ones that fail', async () => {
    const open = async (title: string) => {
      const response = await t.api('POST', '/api/v1/incidents', {
        token: infra,
        body: { title, impact: 'low', urgency: 'low' },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.key as string;
    };
    const [a, b, c] = [await open('bulk a'), await open('bulk b'), await open('bulk c')];
    const resolved = await t.api('POST', `/api/v1/tickets/${c}/transitions`, {
      token: infra,
      body: { name: 'resolve', comment: 'fixed already' },
    });
    expect(resolved.status).toBe(200);

    const bulk = await t.api('POST', '/api/v1/tickets/bulk', {
      token: infra,
      body: {
        keys: [a, b, c, 'INC-99999'],
        assignee: 'me',
        transition: 'start',
        comment: { body: 'On it (bulk)' },
      },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    const byKey = Object.fromEntries(bulk.body.results.map((result: any) => [result.key, result]));
    expect(byKey[a]).toMatchObject({ ok: true, status: 'in_progress', error: null });
    expect(byKey[b]).toMatchObject({ ok: true, status: 'in_progress' });
    expect(byKey[c].ok).toBe(false);
    expect(byKey[c].error.message).toBeTruthy();
    expect(byKey['INC-99999']).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect(bulk.body).toMatchObject({ succeeded: 2, failed: 2 });

    const ticket = (await t.api('GET', `/api/v1/tickets/${a}`, { token: infra })).body;
    expect(ticket.assignee.email).toBe('infra@opsdesk.local');
    expect(ticket.comments.map((comment: any) => comment.body)).toContain('On it (bulk)');
    // c was assigned (the first action) but not started: it stays resolved.
    expect((await t.api('GET', `/api/v1/tickets/${c}`, { token: infra })).body.status).toBe('resolved');

    const nothing = await t.api('POST', '/api/v1/tickets/bulk', { token: infra, body: { keys: [a] } });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toContain('assignee');
    const badKey = await t.api('POST', '/api/v1/tickets/bulk', {
      token: infra,
      body: { keys: ['nope'], transition: 'start' },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.message).toContain('keys');
    const requester = await t.api('POST', '/api/v1/tickets/bulk', {
      token: dev,
      body: { keys: [a], transition: 'start' },
    });
    expect(requester.status).toBe(403);
  });
});

describe('report rollups', () => {
  it('give the figures of the rows they count, in any zone and for ragged ranges, and rebuild to the same', async () => {
    const db = t.context.db;
    // Some history in the past, at instants that are not whole quarter hours.
    await db.execute(sql`
      with picked as (select id from tickets order by created_at limit 3)
      update ticket_history set at = at - interval '2 days 7 minutes'
       where ticket_id in (select id from picked)`);
    const resolving = ['cancelled', 'closed', 'resolved', 'delivered'];
    const now = Date.now();
    const ranges = [
      { from: new Date(now - 5 * 86_400_000), to: new Date(now + 60_000), timeZone: 'UTC' },
      { from: new Date(now - 3 * 86_400_000 + 123_456), to: new Date(now + 7_000), timeZone: 'Asia/Kolkata' },
      { from: new Date(now - 60_000), to: new Date(now + 1_000), timeZone: 'America/St_Johns' },
    ];
    const fromRows = async (range: (typeof ranges)[number]) =>
      (
        await db.execute<{ day: string; created: number; resolved: number }>(sql`
          select to_char(d, 'YYYY-MM-DD') as day,
                 (select count(*) from tickets where created_at >= ${range.from.toISOString()}
                     and created_at < ${range.to.toISOString()}
                     and (created_at at time zone ${range.timeZone})::date = d)::int as created,
                 (select count(*) from ticket_history where at >= ${range.from.toISOString()}
                     and at < ${range.to.toISOString()} and (at at time zone ${range.timeZone})::date = d
                     and to_status in ${resolving}
                     and (from_status is null or from_status not in ${resolving}))::int as resolved
            from generate_series((${range.from.toISOString()}::timestamptz at time zone ${range.timeZone})::date,
                                 ((${range.to.toISOString()}::timestamptz - interval '1 microsecond')
                                   at time zone ${range.timeZone})::date, interval '1 day') d`)
      ).rows;
    const check = async () => {
      for (const range of ranges) {
        const counted = await createdResolvedCounts(db, range, 'day', resolving, 100);
        expect(counted, range.timeZone).toEqual(await fromRows(range));
        const sort = (rows: any[]) =>
          [...rows].sort((x, y) => String(x.request_type_id).localeCompare(String(y.request_type_id)));
        expect(sort(await enteredStatusCounts(db, range, 'need_further_support'))).toEqual(
          sort(await enteredStatusCountsFromRows(db, range, 'need_further_support')),
        );
      }
      const total = await createdResolvedCounts(db, ranges[0]!, 'day', resolving, 100);
      expect(total.reduce((sum, row) => sum + row.created, 0)).toBeGreaterThan(0);
      expect(total.reduce((sum, row) => sum + row.resolved, 0)).toBeGreaterThan(0);
    };
    await check();
    const before = await db.execute(
      sql`select quarter, from_status, to_status, sum(count)::int as count from ticket_transition_rollup
          group by 1, 2, 3 having sum(count) <> 0 order by 1, 2, 3`,
    );
    await db.execute(sql`update ticket_created_rollup set created = created + 5`);
    await rebuildTicketRollups(db);
    const after = await db.execute(
      sql`select quarter, from_status, to_status, sum(count)::int as count from ticket_transition_rollup
          group by 1, 2, 3 having sum(count) <> 0 order by 1, 2, 3`,
    );
    expect(after.rows).toEqual(before.rows);
    await check();
  });
});
