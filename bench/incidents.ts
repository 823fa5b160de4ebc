// Incidents on a 100k-CI CMDB: opening an incident with impact analysis, and the live incidents
// report with 1,000 open incidents.
//
// What: a CMDB of 90,000 servers, 9,000 applications (each depends_on 10 servers and one of 10
// core switches) and 1,000 services (each depends_on 9 applications): 100,010 CIs, 99,000
// relations. Then 1,000 incidents are opened through `openIncident` (the code behind POST
// /incidents: priority from the matrix, team, impact analysis over the CMDB, the services stored,
// the timeline) on random servers — each reaches one application and one service — and 20 on core
// switches (each reaches 900 applications and 100 services); the time of each is recorded (p50,
// p95). Then the incidents report (`incidentReport`: open by priority and service, MTTA/MTTR) is
// timed 7 times over the 1,020 open incidents. Targets: p95 of opening under 100 ms; the report
// under 200 ms.
// Where: bench/lib/scratch.ts (BENCH_DATABASE_URL, or an embedded PostgreSQL in a temp dir).
// Run: npx tsx bench/incidents.ts
import pg from 'pg';
import { findUserByEmail, principalOfUser } from '../src/server/modules/identity/index.js';
import { openIncident } from '../src/server/modules/incidents/incidents.service.js';
import { incidentReport } from '../src/server/modules/incidents/report.service.js';
import { scratchDatabase } from './lib/scratch.js';
import { summarise } from './lib/stats.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

const scratch = await scratchDatabase('incidents');

try {
  const { context, url } = scratch;
  const raw = new pg.Client({ connectionString: url.toString() });
  raw.on('error', () => undefined);
  await raw.connect();
  let started = performance.now();
  await raw.query(`
    set session_replication_role = replica;
    insert into cis (class_key, name) select 'server', 'srv-' || i from generate_series(0, 89999) i;
    insert into cis (class_key, name) select 'network_device', 'core-' || i from generate_series(0, 9) i;
    insert into cis (class_key, name) select 'application', 'app-' || i from generate_series(0, 8999) i;
    insert into cis (class_key, name) select 'service', 'svc-' || i from generate_series(0, 999) i;
    insert into ci_relations (source_id, type, target_id, created_by)
      select a.id, 'depends_on', s.id, 'bench' from generate_series(0, 89999) i
        join cis a on a.class_key = 'application' and a.name = 'app-' || (i / 10)
        join cis s on s.class_key = 'server' and s.name = 'srv-' || i;
    insert into ci_relations (source_id, type, target_id, created_by)
      select a.id, 'depends_on', n.id, 'bench' from generate_series(0, 8999) j
        join cis a on a.class_key = 'application' and a.name = 'app-' || j
        join cis n on n.class_key = 'network_device' and n.name = 'core-' || (j % 10);
    insert into ci_relations (source_id, type, target_id, created_by)
      select v.id, 'depends_on', a.id, 'bench' from generate_series(0, 8999) j
        join cis a on a.class_key = 'application' and a.name = 'app-' || j
        join cis v on v.class_key = 'service' and v.name = 'svc-' || (j / 9);
    set session_replication_role = origin;`);
  await raw.query('vacuum analyze cis');
  await raw.query('vacuum analyze ci_relations');
  const counts = await raw.query<{ cis: number; relations: number }>(
    'select (select count(*) from cis)::int as cis, (select count(*) from ci_relations)::int as relations',
  );
  console.log(
    `CMDB: ${counts.rows[0]!.cis} CIs, ${counts.rows[0]!.relations} relations in ${ms(performance.now() - started)}`,
  );
  const principal = await principalOfUser(
    context.db,
    (await findUserByEmail(context.db, 'infra@opsdesk.local'))!,
    'bench',
  );
  const open = async (ci: string) => {
    const at = performance.now();
    await openIncident(context, principal, {
      title: `Down: ${ci}`,
      cis: [ci],
      impact: 'medium',
      urgency: 'high',
    });
    return performance.now() - at;
  };
  for (let i = 0; i < 20; i++) await open(`server/srv-${i * 17}`); // warm-up
  const small: number[] = [];
  for (let i = 0; i < 980; i++) small.push(await open(`server/srv-${(i * 7919) % 90000}`));
  const wide: number[] = [];
  for (let i = 0; i < 20; i++) wide.push(await open(`network_device/core-${i % 10}`));
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
  const s = summarise(small);
  const w = summarise(wide);
  console.log(
    `open on a server (1 service reached), n=${s.count}: p50 ${ms(s.p50)}, p95 ${ms(p95(small))}, max ${ms(s.max)}`,
  );
  console.log(
    `open on a core switch (100 services reached), n=${w.count}: p50 ${ms(w.p50)}, p95 ${ms(p95(wide))}, max ${ms(w.max)}`,
  );
  const range = { from: new Date(Date.now() - 31 * 86_400_000), to: new Date(Date.now() + 86_400_000) };
  const report = await incidentReport(context.db, range);
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    started = performance.now();
    await incidentReport(context.db, range);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `incidents report over ${report.open.total} open incidents (${report.open.byService.length} services): median ${ms(runs[3]!)}, slowest ${ms(runs[6]!)}`,
  );
  await raw.end();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await scratch.close();
}
