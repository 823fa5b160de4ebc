// Job pickup latency, enqueue → handler start, target p50 under 10 ms; and bulk throughput.
//
// How: a worker (`startWorker`, the real one: graphile-worker woken by NOTIFY, concurrency
// BENCH_WORKER_CONCURRENCY, default 8 like OPSDESK_WORKER_CONCURRENCY) runs in this process with
// a `system.prune` handler that only records when it starts. Jobs are added with `enqueue` inside
// a committed `withTransaction`, as modules do.
// - Latency: BENCH_JOBS (default 1,000) jobs one at a time: the time the COMMIT returns to the
//   handler's start (both `performance.now()` in this one process), waiting for each job to start
//   before enqueuing the next. The job's id (read in its transaction) ties a start to its job, so
//   a scheduled prune (cron, hourly at :17) does not disturb the figures. p50 / p90 / p99 / max.
// - Throughput: BENCH_BULK_JOBS (default 5,000) jobs enqueued in one transaction, then the time
//   from the commit until every one has run and left the queue; and the enqueuing itself.
// Database: an embedded PostgreSQL started in a temp dir (deleted at the end), or, when
// BENCH_DATABASE_URL is set, a scratch database created on that server and dropped at the end.
// Run: npx tsx bench/job-pickup.ts

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { connect, systemActor, withTransaction } from '../src/server/db/client.js';
import { startEmbeddedPostgres } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { systemJobs } from '../src/server/jobs/system.jobs.js';
import { startWorker } from '../src/server/jobs/worker.js';
import { stopCluster } from '../src/server/testing/fixtures/processes.js';
import { handlersWith, jobRegistry } from '../src/server/testing/jobs.js';
import { onCleanup, runBenchmark } from './lib/cleanup.js';
import { machineLoad, ms, summarise, verdict } from './lib/stats.js';

const sequentialJobs = Number(process.env.BENCH_JOBS ?? 1_000);
const bulkJobs = Number(process.env.BENCH_BULK_JOBS ?? 5_000);
const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const targetMs = 10;
const actor = systemActor('bench');

/** A database to run on: a scratch one on BENCH_DATABASE_URL's server, or an embedded server. */
async function benchDatabaseUrl(): Promise<{ url: string; where: string }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `opsdesk_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    onCleanup(async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), where: `scratch database ${name} on BENCH_DATABASE_URL's server` };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-jobs-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  onCleanup(() => stopCluster(join(dataDir, 'postgres')));
  const server = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  onCleanup(() => server.stop());
  return { url: server.url, where: 'embedded PostgreSQL in a temp dir' };
}

await runBenchmark(async () => {
  console.log(`job-pickup: ${machineLoad()}`);
  const { url, where } = await benchDatabaseUrl();
  await migrate(url);
  const database = connect(url);
  onCleanup(() => database.close());

  // The handler start of the one-at-a-time job waiting (one at a time: the next start is its own,
  // its id is not known before the COMMIT that adds it); other starts are the bulk jobs'.
  let waiting: ((startedAt: number) => void) | null = null;
  let bulkStarted = 0;
  const workerDatabase = connect(url);
  onCleanup(() => workerDatabase.close());
  const worker = await startWorker({
    registry: jobRegistry,
    database: workerDatabase,
    concurrency,
    logger: pino({ level: 'silent' }),
    handlers: handlersWith({
      'system.prune': async () => {
        const startedAt = performance.now();
        const resolve = waiting;
        waiting = null;
        if (resolve) resolve(startedAt);
        else bulkStarted++;
      },
    }),
  });
  onCleanup(() => worker.stop());

  /** Enqueues one job; resolves, once committed, with a promise of its handler's start time. */
  const enqueueOne = () =>
    withTransaction(database.db, actor, async (tx) => {
      // The job is added at the COMMIT (queue.ts): no id to read here (currval failed since).
      await systemJobs.enqueue(tx, 'system.prune', {});
      // Registered before the commit: no worker can see the job earlier. (Wrapped in an object:
      // a promise returned as such would be awaited by the transaction, which then never commits.)
      const started = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a job did not start within 10 s')), 10_000);
        waiting = (startedAt) => {
          clearTimeout(timer);
          resolve(startedAt);
        };
      });
      return { started };
    }).then(({ started }) => ({ committedAt: performance.now(), started }));

  const latencies: number[] = [];
  for (let index = 0; index < sequentialJobs + 50; index++) {
    const { committedAt, started } = await enqueueOne();
    const startedAt = await started;
    // The first 50 warm up the JIT and the connections.
    if (index >= 50) latencies.push(startedAt - committedAt);
  }
  const pickup = summarise(latencies);
  console.log(`job-pickup: database: ${where}; worker concurrency ${concurrency}`);
  console.log(
    `job-pickup: commit → handler start, ${pickup.count} jobs one at a time: p50 ${ms(pickup.p50)}, ` +
      `p90 ${ms(pickup.p90)}, p99 ${ms(pickup.p99)}, max ${ms(pickup.max)} ` +
      `(target p50 < ${targetMs} ms: ${verdict(pickup.p50, targetMs)})`,
  );

  const enqueueBegin = performance.now();
  await withTransaction(database.db, actor, async (tx) => {
    for (let index = 0; index < bulkJobs; index++) await systemJobs.enqueue(tx, 'system.prune', {});
  });
  const committedAt = performance.now();
  const queued = async () => {
    const result = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'system.prune'`,
    );
    return result.rows[0]!.n;
  };
  while (bulkStarted < bulkJobs || (await queued()) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const doneAt = performance.now();
  const rate = (count: number, elapsedMs: number) => `${((count / elapsedMs) * 1000).toFixed(0)} jobs/s`;
  console.log(
    `job-pickup: bulk, ${bulkJobs} jobs in one transaction: enqueued in ${ms(committedAt - enqueueBegin)} ` +
      `(${rate(bulkJobs, committedAt - enqueueBegin)}), all run and removed ${ms(doneAt - committedAt)} ` +
      `after the commit (${rate(bulkJobs, doneAt - committedAt)})`,
  );
});
