// SLA event delay: how long after its instant a warning or a breach is raised by the job queue.
//
// What: the production worker (graphile-worker with Opsdesk's defaults: poll interval 2 s,
// concurrency 8) runs while 40 start request-only requests are filed through the HTTP API, a
// quarter of a second apart, approved, and left in need_further_support by a failing start, so
// that their time-to-fulfilment clocks keep running. The policy's goal is 8 s with the warning
// at half, so each ticket has a warning job 4 s and a breach job 8 s after its approval, spread
// over about 10 s. Printed: for the 80 events, raised_at − due_at (the instant computed by the
// SLA engine from the history), as minimum, median, 95th percentile and maximum.
// Where: BENCH_DATABASE_URL (a server on which a scratch database is created and dropped), or an
// embedded PostgreSQL in a temporary directory. Run: npx tsx bench/sla-events.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createAppContext } from '../src/server/context.js';
import { connect, systemActor } from '../src/server/db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { wireFlows } from '../src/server/flows/index.js';
import { buildApp } from '../src/server/http/app.js';
import { startWorker } from '../src/server/jobs/worker.js';
import { seedDemo } from '../src/server/modules/demo/demo.seed.js';
import { authenticator } from '../src/server/modules/identity/index.js';
import { jobHandlers, jobRegistry, routeModules } from '../src/server/modules/index.js';
import { createEnvironment } from '../src/server/modules/inventory/inventory.service.js';
import { savePolicy } from '../src/server/modules/sla/sla.policies.js';

const requests = 40;
const goalSeconds = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-sla-'));
const password = 'bench-password';

async function server(): Promise<{ serverUrl: string; embedded: EmbeddedServer | null }> {
  if (process.env.BENCH_DATABASE_URL) return { serverUrl: process.env.BENCH_DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres', log: () => undefined });
  return { serverUrl: embedded.url, embedded };
}

const { serverUrl, embedded } = await server();
const name = `opsdesk_bench_sla_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

try {
  await migrate(url.toString());
  const database = connect(url.toString());
  const config = loadConfig({
    OPSDESK_DATA_DIR: dataDir,
    OPSDESK_DEMO: '0',
    OPSDESK_DEMO_PASSWORD: password,
    OPSDESK_LOG_LEVEL: 'silent',
    OPSDESK_SANDBOX_LATENCY_MS: '0',
    OPSDESK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  });
  const log = pino({ level: 'silent' });
  const context = createAppContext({ config, database, log, secretKey: Buffer.alloc(32, 7) });
  wireFlows(context);
  await seedDemo(context, { onlyIfEmpty: true });
  const actor = systemActor('bench');
  await createEnvironment(context, actor, {
    name: 'stuck-start',
    provider: 'sandbox',
    requestOnly: true,
    state: 'stopped',
    faults: ['environment.start'],
  });
  await savePolicy(database.db, actor, 'staging_start_request_only_staging', {
    name: 'Bench: 8 s to fulfil',
    metrics: [
      {
        key: 'time_to_fulfilment',
        name: 'Time to fulfilment',
        goalSeconds,
        warnAtShare: 0.5,
        start: [{ on: 'entered', status: 'in_progress' }],
        stop: ['waiting_for_customer', 'closed', 'cancelled'].map((status) => ({
          on: 'entered' as const,
          status,
        })),
        onRestart: 'continue',
      },
    ],
    requestTypes: ['start-request-only-staging'],
  });
  const worker = await startWorker({
    registry: jobRegistry,
    database,
    handlers: jobHandlers(context),
    concurrency: config.workerConcurrency,
    logger: log,
  });
  const app = await buildApp(context, routeModules, { authenticate: authenticator(context), logger: false });
  const call = async (method: 'GET' | 'POST', path: string, token: string | null, body?: object) => {
    const response = await app.inject({
      method,
      url: path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body ? { payload: body } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const login = async (email: string) =>
    (await call('POST', '/api/v1/auth/login', null, { email, password })).body.token as string;
  const [dev, lead] = [await login('dev@opsdesk.local'), await login('lead@opsdesk.local')];

  const started = Date.now();
  for (let i = 0; i < requests; i++) {
    const filed = await call('POST', '/api/v1/requests', dev, {
      requestType: 'start-request-only-staging',
      fields: { environment: 'stuck-start' },
    });
    const key = filed.body.key as string;
    while ((await call('GET', `/api/v1/tickets/${key}`, dev)).body.status !== 'waiting_for_approval') {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await call('POST', `/api/v1/tickets/${key}/approve`, lead, {});
    const wait = started + (i + 1) * 250 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const deadline = Date.now() + 60_000;
  let delays: { kind: string; ms: number }[] = [];
  while (Date.now() < deadline) {
    const rows = await database.pool.query<{ kind: string; ms: number }>(
      'select kind, extract(epoch from raised_at - due_at) * 1000 as ms from sla_events',
    );
    delays = rows.rows.map((row) => ({ kind: row.kind, ms: Number(row.ms) }));
    if (delays.length === requests * 2) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await app.close();
  await worker.stop();
  await context.background.close();
  await database.close();
  console.log(`${delays.length} SLA events (of ${requests * 2}) raised; delay after the instant, in ms:`);
  for (const kind of ['warning', 'breach', 'all']) {
    const ms = delays
      .filter((delay) => kind === 'all' || delay.kind === kind)
      .map((delay) => delay.ms)
      .sort((a, b) => a - b);
    const at = (share: number) => ms[Math.min(ms.length - 1, Math.floor(share * ms.length))]!.toFixed(0);
    console.log(
      `  ${kind.padEnd(8)} n=${String(ms.length).padStart(3)}  min ${at(0).padStart(5)}  median ${at(0.5).padStart(5)}  ` +
        `p95 ${at(0.95).padStart(5)}  max ${ms.at(-1)!.toFixed(0).padStart(5)}`,
    );
  }
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
