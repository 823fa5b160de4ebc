// Scale-out, with real processes: two `opsdesk serve` and two `opsdesk worker` started at the same
// moment on one empty database (not migrated: all four race to migrate, under the advisory lock),
// then 200 jobs, each of which must run exactly once across the two workers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Database, systemActor, withTransaction } from './db/client.js';
import { migrationsFolder } from './db/migrate.js';
import { systemJobs } from './jobs/system.jobs.js';
import { createPersonalTokenFor, createUser } from './modules/identity/index.js';
import { callApi } from './testing/fixtures/api.js';
import {
  freePort,
  getStatus,
  type OpsdeskProcess,
  spawnOpsdesk,
  waitForReady,
} from './testing/fixtures/processes.js';

const jobCount = 200;
const serverUrl = inject('testServerUrl');
// Named like createTestDatabase's databases, so that a crashed run's is dropped at teardown.
const databaseName = `opsdesk_test_${randomBytes(5).toString('hex')}_${inject('templateDatabase').split('_').pop()}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-scaleout-'));

let database: Database | undefined;
const processes: OpsdeskProcess[] = [];
let serveUrls: string[] = [];
let metricsUrls: string[] = [];

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

function role(command: 'serve' | 'worker', env: Record<string, string>): OpsdeskProcess {
  const started = spawnOpsdesk([command], {
    env: {
      DATABASE_URL: databaseUrl,
      OPSDESK_DATA_DIR: dataDir,
      OPSDESK_DEMO: '0',
      OPSDESK_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
      OPSDESK_LOG_LEVEL: 'warn',
      OPSDESK_WORKER_CONCURRENCY: '4',
      ...env,
    },
  });
  processes.push(started);
  return started;
}

/** `opsdesk_jobs_completed_total{task="system.prune",outcome=…}` of one worker's /metrics. */
async function completedPrunes(metricsUrl: string, outcome: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith(`opsdesk_jobs_completed_total{task="system.prune",outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  // Empty (template0): nothing migrated, so that the four processes race to migrate.
  await adminQuery(`create database ${databaseName} template template0`);
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  serveUrls = ports.slice(0, 2).map((port) => `http://127.0.0.1:${port}`);
  metricsUrls = ports.slice(2).map((port) => `http://127.0.0.1:${port}/metrics`);
  const serves = ports.slice(0, 2).map((port) => role('serve', { OPSDESK_PORT: String(port) }));
  const workers = ports.slice(2).map((port) => role('worker', { OPSDESK_WORKER_METRICS_PORT: String(port) }));
  await Promise.all(
    serves.map((serve, index) => waitForReady(serveUrls[index]!, { process: serve, timeoutMs: 90_000 })),
  );
  await Promise.all(
    workers.map((worker, index) =>
      until(async () => {
        if (!worker.isRunning()) throw new Error(`a worker exited:\n${worker.output()}`);
        return (await getStatus(metricsUrls[index]!)) === 200;
      }, 90_000),
    ),
  );
  database = connect(databaseUrl, { poolSize: 2 });
});

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop(10_000)));
  await database?.close();
  await adminQuery(`drop database if exists ${databaseName} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two serve and two worker processes started at once on an empty database', () => {
  it('all four start, having applied each migration once', async () => {
    expect(processes.map((started) => started.isRunning())).toEqual([true, true, true, true]);
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const applied = await database!.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied.rows[0]!.n).toBe(journal.entries.length);
  });

  it('both serve processes are ready and answer the API', async () => {
    for (const url of serveUrls) {
      expect(await getStatus(`${url}/readyz`)).toBe(200);
      const anonymous = await callApi<{ error: { code: string } }>(url, 'GET', '/api/v1/me');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
    }
  });

  it('runs each of 200 jobs exactly once across the two workers', async () => {
    await withTransaction(database!.db, systemActor('test'), async (tx) => {
      for (let index = 0; index < jobCount; index++) await systemJobs.enqueue(tx, 'system.prune', {});
    });
    const queued = async () => {
      const result = await database!.db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'system.prune'`,
      );
      return result.rows[0]!.n;
    };
    const successes = async () =>
      (await Promise.all(metricsUrls.map((url) => completedPrunes(url, 'success')))).reduce((a, b) => a + b);
    await until(async () => (await queued()) === 0 && (await successes()) >= jobCount, 30_000);
    // The hourly prune (cron, at :17) may have run once since the workers started: the database
    // is this test's own, so its crontab record says whether it did.
    const cron = await database!.db.execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker._private_known_crontabs
           where identifier = 'system.prune' and last_execution is not null`,
    );
    const perWorker = await Promise.all(metricsUrls.map((url) => completedPrunes(url, 'success')));
    expect(perWorker[0]! + perWorker[1]!).toBe(jobCount + cron.rows[0]!.n);
    expect(perWorker[0]).toBeGreaterThan(0);
    expect(perWorker[1]).toBeGreaterThan(0);
    for (const url of metricsUrls) {
      expect(await completedPrunes(url, 'error')).toBe(0);
      expect(await completedPrunes(url, 'failed')).toBe(0);
    }
  });

  it('a change through one serve process is seen by the other at once (the cache bus), not after its cache expires', async () => {
    const email = `bus-${randomBytes(3).toString('hex')}@example.org`;
    await createUser(database!.db, systemActor('test'), { email, displayName: 'Bus Admin', role: 'admin' });
    const personal = await createPersonalTokenFor(database!.db, email, 'scale-out', new Date());
    const [first, second] = serveUrls as [string, string];
    const me = (url: string) =>
      callApi<{ email: string }>(url, 'GET', '/api/v1/me', { token: personal.token });
    // The second process now knows whose token it is (kept 10 s without the bus).
    expect((await me(second)).status).toBe(200);
    expect((await me(second)).body.email).toBe(email);
    const revoked = await callApi(first, 'DELETE', `/api/v1/me/tokens/${personal.id}`, {
      token: personal.token,
    });
    expect(revoked.status).toBe(204);
    // Refused by the second within moments (the NOTIFY's trip), long before its 10-second cache ends.
    await until(async () => (await me(second)).status === 401, 2_000);
    expect((await me(first)).status).toBe(401);
  });
});
