// The public status page and Statuspage's summary.json at 200 components, and article search over
// 100,000 articles.
//
// What: 200 public services in 10 groups, each with 90 days of status history (a few outages), 5
// open incidents with public updates; then GET /status and GET /status/summary.json under
// closed-loop load (BENCH_CONNECTIONS keep-alive connections, BENCH_SECONDS each) from this
// process against the real Fastify app listening on a port: requests per second and p50/p99.
// They are served from the process's cached snapshot (dropped on every change by a NOTIFY): the
// first request after a change pays for one rebuild, timed separately. Then KB_ARTICLES (default
// 100,000) generated articles and 200 searches through searchArticles (full text + prefix + typo
// fallback): p50/p95 (target p95 < 50 ms).
// Where: BENCH_DATABASE_URL, or an embedded PostgreSQL in a temporary directory.
// Run: npx tsx bench/status-page.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createAppContext } from '../src/server/context.js';
import { connect } from '../src/server/db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { wireFlows } from '../src/server/flows/index.js';
import { buildApp } from '../src/server/http/app.js';
import { authenticator } from '../src/server/modules/identity/index.js';
import { routeModules } from '../src/server/modules/index.js';
import { searchArticles } from '../src/server/modules/kb/search.service.js';
import { runLoad } from './lib/load.js';
import { machineLoad, ms, percentile, summarise } from './lib/stats.js';

const connections = (process.env.BENCH_CONNECTIONS ?? '1,20').split(',').map(Number);
const durationMs = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const articleCount = Number(process.env.KB_ARTICLES ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-status-'));

console.log(`status-page: ${machineLoad()}`);
const embedded: EmbeddedServer | null = process.env.BENCH_DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ dataDir, database: 'postgres', log: () => undefined });
const serverUrl = process.env.BENCH_DATABASE_URL ?? embedded!.url;
const name = `opsdesk_bench_status_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

try {
  await migrate(url.toString());
  const database = connect(url.toString(), { poolSize: 8 });
  const config = loadConfig({
    OPSDESK_DATA_DIR: dataDir,
    OPSDESK_DEMO: '0',
    OPSDESK_LOG_LEVEL: 'silent',
    OPSDESK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  });
  const context = createAppContext({
    config,
    database,
    log: pino({ level: 'silent' }),
    secretKey: Buffer.alloc(32, 7),
  });
  wireFlows(context);
  const db = new pg.Client({ connectionString: url.toString() });
  db.on('error', () => undefined);
  await db.connect();
  // 200 public services in 10 groups, 90 days of spans each (an outage every ~9 days on some).
  await db.query(`
    insert into cis (class_key, name, attributes)
    select 'service', 'Service ' || n, jsonb_build_object('public', true, 'statusGroup', 'Group ' || (n % 10), 'description', 'Bench service ' || n)
      from generate_series(1, 200) n`);
  await db.query(`
    insert into status_spans (service_id, status, started_at, ended_at)
    select c.id, case when d % 9 = 0 and (hashtext(c.name) % 3) = 0 then 'partial_outage' else 'operational' end,
           now() - (d || ' days')::interval, now() - ((d - 1) || ' days')::interval
      from cis c, generate_series(2, 90) d where c.class_key = 'service'`);
  await db.query(`
    insert into status_spans (service_id, status, started_at)
    select id, 'operational', now() - interval '1 day' from cis where class_key = 'service'`);
  // Five open incidents, each published with two public updates (written as the incidents module does).
  await db.query(
    `insert into users (email, display_name, role) values ('bench@opsdesk.local', 'Bench', 'agent')`,
  );
  for (let index = 1; index <= 5; index++) {
    const ticket = await db.query<{ id: string }>(
      `insert into tickets (number, key, kind, priority, workflow_key, status, title, requester_id)
       values ($1, $2, 'incident', 'high', 'incident', 'in_progress', 'Bench incident ' || $2,
               (select id from users where email = 'bench@opsdesk.local')) returning id`,
      [index, `INC-${index}`],
    );
    const id = ticket.rows[0]!.id;
    await db.query(
      `insert into incidents (ticket_id, impact, urgency, priority, impact_started_at) values ($1, 'high', 'medium', 'high', now())`,
      [id],
    );
    await db.query(
      `insert into incident_services (ticket_id, service_id, depth, path)
       select $1, id, 0, array[id] from cis where name = $2`,
      [id, `Service ${index * 7}`],
    );
    await db.query(
      `insert into incident_timeline (ticket_id, at, kind, visibility, actor_label, body, data)
       values ($1, now() - interval '10 minutes', 'update', 'public', 'bench', 'We are investigating.', '{"status":"investigating"}'),
              ($1, now(), 'update', 'public', 'bench', 'The cause is identified.', '{"status":"identified"}')`,
      [id],
    );
  }

  const app = await buildApp(context, routeModules, { authenticate: authenticator(context), logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const path of ['/status', '/status/summary.json']) {
    const first = performance.now();
    const response = await fetch(`${base}${path}`);
    const body = await response.text();
    console.log(
      `${path}: ${response.status}, ${(body.length / 1024).toFixed(1)} KiB, first request (snapshot built) ${ms(performance.now() - first)}`,
    );
  }
  // A change (a CI edit) drops the snapshot through the NOTIFY; time the rebuild on the next request.
  await db.query(`update cis set updated_at = now() where name = 'Service 1'`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const rebuild = performance.now();
  await (await fetch(`${base}/status/summary.json`)).text();
  console.log(`rebuild after a change: ${ms(performance.now() - rebuild)}`);
  for (const path of ['/status', '/status/summary.json']) {
    const gzipped = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    await gzipped.arrayBuffer();
    console.log(
      `${path}: ${(Number(gzipped.headers.get('content-length')) / 1024).toFixed(1)} KiB sent gzipped (${gzipped.headers.get('content-encoding')})`,
    );
    for (const gzip of [false, true]) {
      for (const count of connections) {
        const result = await runLoad({
          url: `${base}${path}`,
          token: 'none',
          connections: count,
          durationMs,
          headers: gzip ? { 'accept-encoding': 'gzip' } : {},
        });
        const latency = summarise(result.latenciesMs);
        console.log(
          `${`${path}${gzip ? ' (gzip)' : ''}`.padEnd(29)} ${String(count).padStart(3)} conn: ${(result.requests / (result.elapsedMs / 1000)).toFixed(0)} req/s, p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, errors ${result.errors}`,
        );
      }
    }
  }
  await app.close();

  // Knowledge search over many articles.
  const words = [
    'vpn',
    'printer',
    'outlook',
    'password',
    'wifi',
    'laptop',
    'teams',
    'calendar',
    'badge',
    'monitor',
    'docker',
    'database',
    'backup',
    'invoice',
    'expense',
    'license',
    'account',
    'email',
    'phone',
    'sharepoint',
  ];
  const verbs = [
    'does not connect',
    'is slow',
    'crashes',
    'cannot sign in',
    'shows an error',
    'stopped syncing',
    'needs a reset',
    'is locked',
  ];
  const started = performance.now();
  await db.query(
    `insert into kb_articles (title, body, tags, audience, status, published_at)
     select initcap(w.word) || ' ' || v.verb || ' (' || n || ')',
            'When the ' || w.word || ' ' || v.verb || ', first restart it. Then check the ' || w2.word ||
              ' settings and try again. If it still ' || v.verb || ', contact the service desk with the error text. Article ' || n || '.',
            array[w.word, w2.word], 'public', 'published', now() - (n % 700 || ' days')::interval
       from generate_series(1, $1::int) n
       cross join lateral (select ($2::text[])[1 + (n % 20)] as word) w
       cross join lateral (select ($2::text[])[1 + ((n / 20) % 20)] as word) w2
       cross join lateral (select ($3::text[])[1 + ((n / 400) % 8)] as verb) v`,
    [articleCount, words, verbs],
  );
  await db.query('vacuum analyze kb_articles');
  console.log(
    `${articleCount} articles written and analysed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const queries = [
    'vpn not connecting',
    'printer crash',
    'outlok',
    'password reset',
    'wifi slow',
    'laptop cannot sign',
    'teams error',
    'calendar sync',
    'badge locked',
    'monitor',
    'dock',
    'databse backup',
    'invoice',
    'expense report error',
  ];
  for (const q of queries.slice(0, 4))
    await searchArticles(database.db, { q, audiences: ['public'], limit: 10 });
  const timings: number[] = [];
  for (let index = 0; index < 200; index++) {
    const q = queries[index % queries.length]!;
    const begin = performance.now();
    await searchArticles(database.db, { q, audiences: ['public', 'internal'], limit: 10 });
    timings.push(performance.now() - begin);
  }
  const search = summarise(timings);
  const p95 = percentile(
    [...timings].sort((a, b) => a - b),
    95,
  );
  console.log(
    `kb search over ${articleCount} articles (200 searches): p50 ${ms(search.p50)}, p95 ${ms(p95)}, max ${ms(search.max)} (target p95 < 50 ms)`,
  );
  await db.end();
  await context.background.close();
  await database.close();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
