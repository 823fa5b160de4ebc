// A large ticket set made in SQL (generate_series), for the EXPLAIN test and the search bench:
// requesters, agents in teams, tickets over two years (about 8 % still open, the rest closed or
// cancelled), each with a description (its first comment) and two or three status changes. Words
// follow a skewed distribution: a few common ones, a long tail of rare ones ("zq" + number), so
// a search for a word finds from thousands of tickets down to a handful.
// (Each lateral subquery names g: an uncorrelated one is computed once, for every row.)
// Loaded with the user triggers off, then the derived tables are rebuilt in one statement each and
// everything ANALYZEd — the same functions `opsdesk search rebuild` / `reports rebuild` run.
import pg from 'pg';

export const commonWords = [
  'vpn',
  'printer',
  'password',
  'laptop',
  'email',
  'outlook',
  'network',
  'database',
  'backup',
  'server',
  'access',
  'account',
  'license',
  'monitor',
  'keyboard',
  'wifi',
  'certificate',
  'deploy',
  'staging',
  'invoice',
  'payroll',
  'badge',
  'phone',
  'headset',
  'firewall',
  'dns',
  'domain',
  'storage',
  'quota',
  'cluster',
  'kubernetes',
  'pipeline',
  'release',
  'migration',
  'report',
  'dashboard',
  'calendar',
  'meeting',
  'teams',
  'slack',
  'jira',
  'confluence',
  'git',
  'repository',
  'token',
  'login',
  'mfa',
  'reset',
  'install',
  'upgrade',
  'crash',
  'slow',
  'timeout',
  'error',
  'broken',
  'missing',
  'locked',
  'expired',
  'request',
  'new',
  'replace',
  'configure',
];

export interface ScaleSet {
  tickets: number;
  requesters: number;
  agents: number;
  /** Some ids and values the queries of the test and the bench use. */
  sample: {
    requesterId: string;
    agentId: string;
    teamKey: string;
    /** In about 0.01 % of the tickets. */
    rareWord: string;
    /** The common word found in closest to 3 % of the tickets, and that share. */
    commonWord: string;
    commonShare: number;
    /** The most common word and its share (a "stop word" of this set). */
    topWord: string;
    topShare: number;
  };
}

/** Adds `count` tickets (and their people) to the database at `url`; returns what to query for. */
export async function generateTickets(url: string, count: number): Promise<ScaleSet> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const requesters = Math.max(100, Math.round(count / 50));
  const agents = 200;
  const teamCount = 20;
  try {
    await client.query(`set synchronous_commit = off`);
    await client.query(`set maintenance_work_mem = '256MB'`);
    for (const table of ['tickets', 'ticket_history', 'ticket_comments', 'users', 'teams', 'team_members'])
      await client.query(`alter table ${table} disable trigger user`);
    await client.query(
      `insert into users (email, display_name, role)
       select 'scale-user-' || g || '@example.org', 'Person ' || g || ' ' || (array['Ng','Okafor','Silva','Kowalski','Haddad','Ivanova','Tanaka','Müller'])[1 + g % 8], 'requester'
         from generate_series(1, $1) g`,
      [requesters],
    );
    await client.query(
      `insert into users (email, display_name, role)
       select 'scale-agent-' || g || '@example.org', 'Agent ' || g, 'agent' from generate_series(1, $1) g`,
      [agents],
    );
    await client.query(
      `insert into teams (key, name) select 'scale-team-' || g, 'Scale team ' || g from generate_series(1, $1) g`,
      [teamCount],
    );
    await client.query(`
      insert into team_members (team_id, user_id)
      select t.id, u.id from users u
        join teams t on t.key = 'scale-team-' || (1 + (substring(u.email from 'scale-agent-(\\d+)')::int % ${teamCount}))
       where u.email like 'scale-agent-%'`);
    // Lookup arrays, then the tickets in one statement.
    await client.query(
      `
      create temp table scale_refs as select
        (select array_agg(id order by email) from users where email like 'scale-user-%') as requesters,
        (select array_agg(id order by email) from users where email like 'scale-agent-%') as agents,
        (select array_agg(id order by key) from teams where key like 'scale-team-%') as teams,
        (select array_agg(id) from request_types) as types,
        $1::text[] as words`,
      [commonWords],
    );
    const base = (
      await client.query(
        `select coalesce(max(number), 0) + 1000000 as base from tickets where kind = 'request'`,
      )
    ).rows[0].base as number;
    // A word: common (power-law over the list) 70 % of the time, else one of 50,000 rare ones.
    const word = `(case when random() < 0.7 then r.words[1 + floor(power(random(), 2.5) * array_length(r.words, 1))::int]
                        else 'zq' || floor(random() * 50000)::int end)`;
    await client.query(
      `
      insert into tickets (id, number, key, kind, priority, request_type_id, workflow_key, status,
                           status_changed_at, title, fields, requester_id, team_id, assignee_id,
                           created_at, updated_at, resolved_at, closed_at)
      select gen_random_uuid(), ${base} + g, 'REQ-' || (${base} + g), 'request',
             (array['low','moderate','high','critical'])[1 + g % 4],
             r.types[1 + g % array_length(r.types, 1)], 'fulfilment', s.status,
             c.created + interval '2 hours', initcap(${word}) || ' ' || ${word} || ' ' || ${word},
             jsonb_build_object('environment', 'env-' || (g % 300), 'note', ${word}),
             r.requesters[1 + floor(random() * array_length(r.requesters, 1))::int],
             r.teams[1 + (g % array_length(r.teams, 1))],
             case when s.open and random() < 0.4 then null
                  else r.agents[1 + floor(random() * array_length(r.agents, 1))::int] end,
             c.created, c.created + interval '2 hours',
             case when s.open then null else c.created + interval '2 hours' end,
             case when s.open then null else c.created + interval '2 hours' end
        from generate_series(1, $1) g
        cross join scale_refs r
        cross join lateral (select now() - (interval '730 days' * power(random() + 0 * g, 1.3)) - interval '3 hours' as created) c
        cross join lateral (select case when random() < 0.08
                              then (array['new','verifying','waiting_for_approval','in_progress','need_further_support','waiting_for_customer'])[1 + g % 6]
                              else (array['closed','closed','closed','cancelled'])[1 + g % 4] end as status) s0
        cross join lateral (select s0.status, s0.status not in ('closed','cancelled') as open) s`,
      [count],
    );
    await client.query(`
      insert into ticket_comments (ticket_id, at, author_kind, author_id, author_label, body)
      select t.id, t.created_at, 'user', t.requester_id, 'requester',
             'When I ' || ${word} || ' the ' || ${word} || ' it shows ' || ${word} || ' and then ' || ${word} ||
             ' after the ' || ${word} || ' so please ' || ${word}
        from tickets t cross join scale_refs r where t.number > ${base}`);
    await client.query(`
      insert into ticket_history (ticket_id, at, actor_kind, actor_label, transition, from_status, to_status)
      select t.id, t.created_at, 'user', 'requester', 'file', null, 'new' from tickets t where t.number > ${base}
      union all
      select t.id, t.created_at + interval '1 hour', 'system', 'system', 'go', 'new',
             case when t.status = 'need_further_support' then 'need_further_support' else 'in_progress' end
        from tickets t where t.number > ${base} and t.status <> 'new'
      union all
      select t.id, t.created_at + interval '2 hours', 'user', 'agent', 'finish',
             case when t.number % 10 = 0 then 'need_further_support' else 'in_progress' end, t.status
        from tickets t where t.number > ${base} and t.status in ('closed', 'cancelled')`);
    await client.query(
      `select setval('ticket_number_request', (select max(number) from tickets where kind = 'request'))`,
    );
    for (const table of ['tickets', 'ticket_history', 'ticket_comments', 'users', 'teams', 'team_members'])
      await client.query(`alter table ${table} enable trigger user`);
    await client.query(`select opsdesk_rebuild_ticket_search()`);
    await client.query(`select opsdesk_rebuild_ticket_rollups()`);
    await client.query(`analyze`);
    const sample = await client.query(`
      select (select requester_id from tickets where number > ${base} and closed_at is null
               group by requester_id order by count(*) desc limit 1) as requester_id,
             (select assignee_id from tickets where number > ${base} and assignee_id is not null limit 1) as agent_id,
             'scale-team-3' as team_key,
             (select w from (select 'zq' || g as w from generate_series(100, 200) g) w
               where exists (select 1 from ticket_search where document @@ to_tsquery('simple', w)) limit 1) as rare_word`);
    const row = sample.rows[0];
    const shares = await client.query<{ w: string; share: number }>(
      `select w, (count(*) filter (where s.document @@ to_tsquery('english', w)))::float8 / count(*) as share
         from (select document from ticket_search tablesample system (2)) s cross join unnest($1::text[]) w
        group by w order by share desc`,
      [commonWords],
    );
    const common = [...shares.rows].sort((a, b) => Math.abs(a.share - 0.03) - Math.abs(b.share - 0.03))[0]!;
    return {
      tickets: count,
      requesters,
      agents,
      sample: {
        requesterId: row.requester_id,
        agentId: row.agent_id,
        teamKey: row.team_key,
        rareWord: row.rare_word,
        commonWord: common.w,
        commonShare: common.share,
        topWord: shares.rows[0]!.w,
        topShare: shares.rows[0]!.share,
      },
    };
  } finally {
    await client.end();
  }
}
