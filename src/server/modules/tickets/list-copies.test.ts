// Lists by status or by last change read ticket_search's copies (migration 0030), an agent's
// visibility branch by branch, merged. Each caller's pages, walked with a cursor, must be exactly
// the tickets the rule on tickets lets them see (no duplicate when a ticket is in two branches,
// ties on updated_at broken by id), whatever the page size.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { waitForStatus } from '../../testing/tickets.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let keys: string[] = [];
const status = 'in_progress';

async function file(n: number) {
  const response = await t.api('POST', '/api/v1/requests', {
    token: tokens.pm!,
    body: {
      requestType: 'create-staging-domain',
      fields: { environment: 'nope', domain: `c${n}${Math.random().toString(36).slice(2, 8)}` },
      summary: `copies ${n}`,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await waitForStatus(t, tokens.pm!, response.body.key, 'cancelled');
  return response.body.key as string;
}

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  for (const name of ['pm', 'dev', 'infra', 'lead', 'admin'])
    tokens[name] = await t.login(`${name}@opsdesk.local`);
  const { rows: people } = await t.context.db.execute<{ email: string; id: string }>(
    sql`select email, id from users where email like '%@opsdesk.local'`,
  );
  for (const row of people) ids[row.email.split('@')[0]!] = row.id;
  // A personal API token stands for its user: the same tickets.
  const token = await t.api('POST', '/api/v1/me/tokens', {
    token: tokens.infra!,
    body: { name: 'queue-bot' },
  });
  expect(token.status).toBe(201);
  tokens.infraToken = token.body.token;
  ids.infraToken = ids.infra!;
  keys = [];
  for (let n = 0; n < 9; n++) keys.push(await file(n));
  const team = async (key: string) =>
    (await t.context.db.execute<{ id: string }>(sql`select id from teams where key = ${key}`)).rows[0]!.id;
  const infraTeam = await team('infrastructure');
  const helpdesk = await team('helpdesk');
  const cab = await team('cab');
  // [team, assignee, requester, minutes ago] — five share one time (ties broken by id).
  const layout: [string | null, string | null, string, number][] = [
    [infraTeam, ids.infra!, ids.pm!, 5], // infra's team and assigned to infra: two branches
    [infraTeam, null, ids.pm!, 5], // team
    [cab, ids.infra!, ids.pm!, 5], // assigned to infra only
    [cab, null, ids.infra!, 5], // infra's own request
    [cab, null, ids.pm!, 5], // pm's; infra takes part in it (below)
    [cab, null, ids.pm!, 3], // pm's; dev takes part in it (below); not infra's
    [helpdesk, ids.infra!, ids.infra!, 7], // three branches of infra's
    [null, null, ids.dev!, 1], // dev's own, no team
    [infraTeam, null, ids.dev!, 9], // dev's own, infra's team
  ];
  for (const [i, [teamId, assigneeId, requesterId, ago]] of layout.entries()) {
    await t.context.db.execute(sql`update tickets set status = ${status}, team_id = ${teamId},
      assignee_id = ${assigneeId}, requester_id = ${requesterId},
      updated_at = date_trunc('minute', now()) - make_interval(mins => ${ago}) where key = ${keys[i]!}`);
  }
  await t.context.db.execute(sql`insert into ticket_participants (ticket_id, user_id, role)
    select id, ${ids.infra!}::uuid, 'follower' from tickets where key = ${keys[4]!}`);
  await t.context.db.execute(sql`insert into ticket_participants (ticket_id, user_id, role)
    select id, ${ids.dev!}::uuid, 'follower' from tickets where key = ${keys[5]!}`);
}, 120_000);
afterAll(() => t?.close());

/** What the rule on tickets (visibility.ts, before 0030) shows `who`, latest change first. */
async function expected(who: string, extra = sql`true`, dir: 'asc' | 'desc' = 'desc') {
  const userId = ids[who]!;
  const { rows } = await t.context.db.execute<{ key: string; role: string }>(sql`
    select t.key from tickets t
     where t.status = ${status} and ${extra}
       and ((select role from users where id = ${userId}) = 'admin'
            or t.requester_id = ${userId}
            or t.id in (select ticket_id from ticket_participants where user_id = ${userId})
            or ((select role from users where id = ${userId}) <> 'requester'
                and (t.assignee_id = ${userId}
                     or t.team_id in (select team_id from team_members where user_id = ${userId})))
            or (t.kind = 'change' and ${who} = 'lead'))
     order by t.updated_at ${sql.raw(dir)}, t.id ${sql.raw(dir)}`);
  return rows.map((row) => row.key);
}

async function walk(who: string, query: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 30; pages++) {
    const response: any = await t.api(
      'GET',
      `/api/v1/tickets?status=${status}&${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { token: tokens[who]! },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...response.body.items.map((item: any) => item.key));
    cursor = response.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('no last page');
}

describe('lists on the copies, page by page', () => {
  for (const who of ['infra', 'infraToken', 'dev', 'pm', 'lead', 'admin'])
    it(`${who} sees exactly the tickets the rule on tickets shows them, latest change first`, async () => {
      const want = await expected(who);
      expect(want.length).toBeGreaterThan(0);
      for (const limit of [1, 2, 3, 50]) {
        expect(await walk(who, 'sort=updated', limit), `limit ${limit}`).toEqual(want);
        expect(await walk(who, 'sort=updated&dir=asc', limit), `asc, limit ${limit}`).toEqual(
          await expected(who, sql`true`, 'asc'),
        );
        // A filter the copies lack (kind): the tickets joined.
        expect(await walk(who, 'sort=updated&kind=request', limit), `kind, limit ${limit}`).toEqual(
          await expected(who, sql`t.kind = 'request'`),
        );
        expect(await walk(who, 'sort=updated&assignee=none', limit), `unassigned, limit ${limit}`).toEqual(
          await expected(who, sql`t.assignee_id is null`),
        );
      }
    });
});
