// Impact analysis and CI search over a CMDB of 100,000 CIs and 500,000 relations.
//
// What: a generated CMDB shaped like a real one — 500 sites, 5,000 network devices (located_at a
// site), 50,000 servers (located_at a site, depends_on 4 network devices, connects_to 2.57
// others on average), 15,000 databases (runs_on a server), 10,000 applications (runs_on 4
// servers, depends_on 2 databases), 2,000 services (depends_on 10 applications and 2 other
// services, so cycles exist) and 17,500 domains (depends_on an application): 100,000 CIs,
// 500,000 relations. Then timed, each with 200 random starting CIs after 20 warm-up calls:
//   - "what does this CI affect" (down, the default depth 10) from servers and network devices;
//   - "what does this service depend on" (up, depth 10) from services;
//   - CI search by name (words of the name, 50 a page, as GET /cis?q= does).
// The targets (issue 11): p95 under 50 ms each. Measured around the service functions
// (impactOf, searchCis: queries + mapping, no HTTP).
// How: CIs and relations inserted with INSERT … SELECT from generate_series (triggers off for
// the bulk load, as a restore would), ids derived from md5 so relations can name them; then
// VACUUM ANALYZE.
// Where: BENCH_DATABASE_URL (a server on which a scratch database is created and dropped), or an
// embedded PostgreSQL in a temporary directory (the `npm start` default). SAMPLES=200.
// Run: npx tsx bench/cmdb-impact.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '../src/server/db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { searchCis } from '../src/server/modules/cmdb/cis.service.js';
import { impactOf } from '../src/server/modules/cmdb/impact.service.js';
import { percentile } from './lib/stats.js';

const samples = Number(process.env.SAMPLES ?? 200);
const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-cmdb-'));

async function server(): Promise<{ serverUrl: string; embedded: EmbeddedServer | null }> {
  if (process.env.BENCH_DATABASE_URL) return { serverUrl: process.env.BENCH_DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres', log: () => undefined });
  return { serverUrl: embedded.url, embedded };
}

// [class, prefix, count]
const layers = [
  ['site', 'site', 500],
  ['network_device', 'net', 5_000],
  ['server', 'srv', 50_000],
  ['database', 'db', 15_000],
  ['application', 'app', 10_000],
  ['service', 'svc', 2_000],
  ['domain', 'dom', 17_500],
] as const;

const id = (prefix: string, expression: string) => `md5('${prefix}-' || (${expression}))::uuid`;

/** source class prefix, count, type, target prefix, target count, fan-out: source i → target (i*m + k*step) % n. */
const relationSets: [string, number, string, string, number, number][] = [
  ['net', 5_000, 'located_at', 'site', 500, 1],
  ['srv', 50_000, 'located_at', 'site', 500, 1],
  ['srv', 50_000, 'depends_on', 'net', 5_000, 4],
  ['db', 15_000, 'runs_on', 'srv', 50_000, 1],
  ['app', 10_000, 'runs_on', 'srv', 50_000, 4],
  ['app', 10_000, 'depends_on', 'db', 15_000, 2],
  ['svc', 2_000, 'depends_on', 'app', 10_000, 10],
  ['svc', 2_000, 'depends_on', 'svc', 2_000, 2],
  ['dom', 17_500, 'depends_on', 'app', 10_000, 1],
];

async function load(client: pg.PoolClient) {
  await client.query('set session_replication_role = replica');
  for (const [classKey, prefix, count] of layers) {
    await client.query(
      `insert into cis (id, class_key, name, status, attributes, source)
       select ${id(prefix, 'i')}, '${classKey}', '${prefix}-' || lpad(i::text, 6, '0'), 'active', '{}'::jsonb, 'bench'
         from generate_series(1, ${count}) i`,
    );
  }
  let relations = 0;
  for (const [from, count, type, to, targets, fan] of relationSets) {
    const step = Math.floor(targets / fan);
    const result = await client.query(
      `insert into ci_relations (source_id, type, target_id, created_by)
       select ${id(from, 'i')}, '${type}', ${id(to, `1 + ((i * 7919 + k * ${step}) % ${targets})`)}, 'bench'
         from generate_series(1, ${count}) i, generate_series(0, ${fan - 1}) k
        where '${from}' <> '${to}' or 1 + ((i * 7919 + k * ${step}) % ${targets}) <> i
       on conflict do nothing`,
    );
    relations += result.rowCount ?? 0;
  }
  // The rest of the 500,000: servers connected to servers (a link; it spreads no failure).
  const links = 500_000 - relations;
  const result = await client.query(
    `insert into ci_relations (source_id, type, target_id, created_by)
     select ${id('srv', '1 + (n % 50000)')}, 'connects_to', ${id('srv', '1 + ((n * 31 + (n / 50000) * 977 + 17) % 50000)')}, 'bench'
       from generate_series(1, ${links}) n
      where (n % 50000) <> ((n * 31 + (n / 50000) * 977 + 17) % 50000)
     on conflict do nothing`,
  );
  relations += result.rowCount ?? 0;
  await client.query('set session_replication_role = origin');
  await client.query('vacuum analyze cis, ci_relations');
  const counts = await client.query<{ cis: string; relations: string }>(
    'select (select count(*) from cis) as cis, (select count(*) from ci_relations) as relations',
  );
  return counts.rows[0]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const pick = (prefix: string, count: number) =>
  `${prefix}-${String(1 + Math.floor(Math.random() * count)).padStart(6, '0')}`;

async function timed(label: string, run: (index: number) => Promise<number>) {
  for (let index = 0; index < 20; index++) await run(index);
  const times: number[] = [];
  const sizes: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    sizes.push(await run(index));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} p50 ${ms(percentile(times, 50)).padStart(9)}  p95 ${ms(percentile(times, 95)).padStart(9)}  max ${ms(times.at(-1)!).padStart(9)}   (answers: median ${percentile(sizes, 50)}, max ${sizes.at(-1)})`,
  );
}

const { serverUrl, embedded } = await server();
const name = `opsdesk_bench_cmdb_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
try {
  await migrate(url.toString());
  const database = connect(url.toString(), { poolSize: 4 });
  const client = await database.pool.connect();
  const started = performance.now();
  const counts = await (async () => {
    try {
      return await load(client);
    } finally {
      client.release();
    }
  })();
  const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!
    .v;
  console.log(
    `PostgreSQL ${version}: ${Number(counts.cis).toLocaleString('en')} CIs, ${Number(counts.relations).toLocaleString('en')} relations, loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; ${samples} samples each; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores\n`,
  );
  const db = database.db;
  const idOf = async (ciName: string) =>
    (await database.pool.query<{ id: string }>('select id from cis where name = $1', [ciName])).rows[0]!.id;

  await timed(
    'affects (down) from a server',
    async () => (await impactOf(db, await idOf(pick('srv', 50_000)), 'down', 10)).length,
  );
  await timed(
    'affects (down) from a network device',
    async () => (await impactOf(db, await idOf(pick('net', 5_000)), 'down', 10)).length,
  );
  await timed(
    'affects (down) from a database',
    async () => (await impactOf(db, await idOf(pick('db', 15_000)), 'down', 10)).length,
  );
  await timed(
    'depends on (up) from a service',
    async () => (await impactOf(db, await idOf(pick('svc', 2_000)), 'up', 10)).length,
  );
  await timed(
    'search by name (q=3 digits, 50 a page)',
    async () =>
      (await searchCis(db, { q: String(Math.floor(Math.random() * 1000)).padStart(3, '0'), limit: 51 }))
        .length,
  );
  await timed(
    'search by name (q=a full name)',
    async () => (await searchCis(db, { q: pick('app', 10_000), limit: 51 })).length,
  );
  await database.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
