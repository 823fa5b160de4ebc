// Change conflict detection on a 100k-CI CMDB with 10,000 scheduled changes.
//
// What: 1,000 services (criticality 1–4) each depending on 20 applications; 20,000 applications,
// each depending on one of 10,000 databases and running on one of 69,000 servers; the databases
// run on servers too — 100,000 CIs, about 70,000 relations. 10,000 scheduled changes on 1–2 random
// applications, databases or servers, windows of 1–4 h spread over 90 days (plus 20 freezes).
// Then, for RUNS (default 300) new changes on a random application with a 2 h window in those
// 90 days: `detectConflicts` (what a new or edited change runs: related CIs up and down 3 hops,
// overlapping changes on any of them, freezes, maintenance windows) — the target is p95 < 100 ms —
// and the whole assessment (`assessChange`: services reached, dependents, failed changes,
// incidents, conflicts, risk), measured around the service functions (no HTTP).
// Where: BENCH_DATABASE_URL (a server on which a scratch database is created and dropped), or an
// embedded PostgreSQL in a temporary directory.
// Run: npx tsx bench/changes-conflicts.ts
import pg from 'pg';
import { assessChange } from '../src/server/modules/changes/assess.service.js';
import { detectConflicts } from '../src/server/modules/changes/conflicts.service.js';
import { servicesAffectedBy } from '../src/server/modules/cmdb/index.js';
import { scratchDatabase } from './lib/scratch.js';
import { machineLoad, ms, summarise, verdict } from './lib/stats.js';

const runs = Number(process.env.RUNS ?? 300);
const start = Date.parse('2027-01-04T00:00:00Z');

console.log(machineLoad());
const scratch = await scratchDatabase('changes');

try {
  const { context, url } = scratch;

  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  let began = performance.now();
  await client.query('set session_replication_role = replica');
  await client.query(`
    insert into cis (class_key, name, attributes)
    select 'service', 'svc-' || i, jsonb_build_object('criticality', 1 + i % 4) from generate_series(0, 999) i;
    insert into cis (class_key, name) select 'application', 'app-' || i from generate_series(0, 19999) i;
    insert into cis (class_key, name) select 'database', 'db-' || i from generate_series(0, 9999) i;
    insert into cis (class_key, name) select 'server', 'srv-' || i from generate_series(0, 68999) i;
    create temporary table ids as
      select id, class_key, (regexp_match(name, '(\\d+)$'))[1]::int as n from cis
       where name ~ '^(svc|app|db|srv)-\\d+$';
    create index on ids (class_key, n);
    insert into ci_relations (source_id, type, target_id, created_by)
      select s.id, 'depends_on', a.id, 'bench' from ids a join ids s on s.class_key = 'service' and s.n = a.n / 20
       where a.class_key = 'application';
    insert into ci_relations (source_id, type, target_id, created_by)
      select a.id, 'depends_on', d.id, 'bench' from ids a join ids d on d.class_key = 'database' and d.n = a.n % 10000
       where a.class_key = 'application';
    insert into ci_relations (source_id, type, target_id, created_by)
      select a.id, 'runs_on', v.id, 'bench' from ids a join ids v on v.class_key = 'server' and v.n = a.n
       where a.class_key = 'application';
    insert into ci_relations (source_id, type, target_id, created_by)
      select d.id, 'runs_on', v.id, 'bench' from ids d join ids v on v.class_key = 'server' and v.n = 20000 + d.n
       where d.class_key = 'database';
  `);
  const requester = (
    await client.query<{ id: string }>("select id from users where email = 'admin@opsdesk.local'")
  ).rows[0]!.id;
  await client.query(
    `
    insert into tickets (number, key, kind, priority, workflow_key, status, title, requester_id)
      select 100000 + i, 'CHG-' || (100000 + i), 'change', 'moderate', 'change', 'scheduled', 'bench change ' || i, $1
        from generate_series(1, 10000) i;
    `,
    [requester],
  );
  await client.query(
    `insert into changes (ticket_id, type, raised_at, planned_start, planned_end, status)
       select id, 'normal', now(), st, st + (1 + floor(random() * 4)) * interval '1 hour', 'scheduled'
         from (select t.id, to_timestamp($1 / 1000.0) + (random() * 90) * interval '1 day' as st
                 from tickets t where t.key like 'CHG-1%' and t.kind = 'change') s`,
    [start],
  );
  await client.query(`
    insert into change_cis (ticket_id, ci_id)
      select c.ticket_id, (select id from ids where class_key = (array['application','database','server'])[1 + (abs(hashtext(c.ticket_id::text)) % 3)]
                                   and n = abs(hashtext(c.ticket_id::text || 'x')) % 10000 limit 1)
        from changes c;
    insert into change_cis (ticket_id, ci_id)
      select c.ticket_id, (select id from ids where class_key = 'application' and n = abs(hashtext(c.ticket_id::text || 'y')) % 20000 limit 1)
        from changes c where abs(hashtext(c.ticket_id::text)) % 2 = 0
      on conflict do nothing;`);
  await client.query(
    `insert into change_freezes (name, starts_at, ends_at, service_id)
       select 'freeze ' || i, to_timestamp($1 / 1000.0) + i * interval '4 days',
              to_timestamp($1 / 1000.0) + i * interval '4 days' + interval '6 hours',
              (select id from ids where class_key = 'service' and n = i * 37 % 1000)
         from generate_series(1, 20) i`,
    [start],
  );
  await client.query('set session_replication_role = origin');
  await client.query('vacuum analyze');
  const counts = (
    await client.query<{ cis: number; relations: number; changes: number }>(
      'select (select count(*) from cis)::int as cis, (select count(*) from ci_relations)::int as relations, (select count(*) from changes)::int as changes',
    )
  ).rows[0]!;
  const apps = (
    await client.query<{ id: string }>("select id from ids where class_key = 'application' order by n")
  ).rows.map((row) => row.id);
  await client.end();
  console.log(
    `loaded ${counts.cis} CIs, ${counts.relations} relations, ${counts.changes} scheduled changes in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  const pick = (i: number) => apps[(i * 7919) % apps.length]!;
  const windowOf = (i: number) => {
    const from = new Date(start + ((i * 104_729) % (90 * 24)) * 3_600_000);
    return { start: from, end: new Date(from.getTime() + 2 * 3_600_000) };
  };
  // Warm up.
  for (let i = 0; i < 20; i++) {
    const services = await servicesAffectedBy(context.db, [pick(i)]);
    await detectConflicts(context.db, {
      ciIds: [pick(i)],
      serviceIds: services.map((s) => s.id),
      range: windowOf(i),
    });
  }
  const conflictTimes: number[] = [];
  const assessTimes: number[] = [];
  let found = 0;
  for (let i = 100; i < 100 + runs; i++) {
    const ciIds = [pick(i)];
    const services = await servicesAffectedBy(context.db, ciIds);
    began = performance.now();
    const conflicts = await detectConflicts(context.db, {
      ciIds,
      serviceIds: services.map((s) => s.id),
      range: windowOf(i),
    });
    conflictTimes.push(performance.now() - began);
    found += conflicts.length;
    began = performance.now();
    await assessChange(context.db, {
      type: 'normal',
      ciIds,
      range: windowOf(i),
      answers: {},
      now: new Date(start),
    });
    assessTimes.push(performance.now() - began);
  }
  const conflicts = summarise(conflictTimes);
  const sorted = [...conflictTimes].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  const assess = summarise(assessTimes);
  console.log(
    `detectConflicts (${runs} new changes, ${(found / runs).toFixed(2)} conflicts each on average): ` +
      `p50 ${ms(conflicts.p50)}, p95 ${ms(p95)}, p99 ${ms(conflicts.p99)}, max ${ms(conflicts.max)} — target p95 < 100 ms: ${verdict(p95, 100)}`,
  );
  console.log(
    `assessChange (risk + conflicts): p50 ${ms(assess.p50)}, p90 ${ms(assess.p90)}, p99 ${ms(assess.p99)}`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await scratch.close();
}
