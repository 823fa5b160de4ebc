import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, systemActor, withTransaction } from '../db/client.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { handlersWith, jobRegistry } from '../testing/jobs.js';
import { systemJobs } from './system.jobs.js';
import { assertHandlersComplete, type JobHandlers, MissingJobHandlerError, startWorker } from './worker.js';

let testDatabase: TestDatabase;
let database: Database;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connect(testDatabase.url);
});
afterAll(async () => {
  await database.close();
  await testDatabase.drop();
});

const noop = async () => undefined;

async function pendingJobs(): Promise<number> {
  const result = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from graphile_worker.jobs`,
  );
  return result.rows[0]!.n;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the job registry', () => {
  it('a worker refuses to start when a registered job has no handler', async () => {
    expect(() => assertHandlersComplete(jobRegistry, { 'system.recoverJobs': noop })).toThrow(
      MissingJobHandlerError,
    );
    expect(() => assertHandlersComplete(jobRegistry, { 'system.recoverJobs': noop })).toThrow(
      'no handler for job "system.prune"',
    );
    await expect(
      startWorker({
        registry: jobRegistry,
        database,
        concurrency: 1,
        logger: log,
        handlers: { 'system.recoverJobs': noop } as unknown as JobHandlers,
      }),
    ).rejects.toThrow(MissingJobHandlerError);
  });

  it('refuses a payload that does not match the job schema', async () => {
    await expect(systemJobs.enqueue(database.db, 'system.prune', { extra: 1 } as never)).rejects.toThrow();
  });
});

describe('scheduled jobs', () => {
  it('run with the mark graphile-worker puts on cron payloads', async () => {
    const ran: unknown[] = [];
    const worker = await startWorker({
      registry: jobRegistry,
      database,
      concurrency: 1,
      logger: log,
      handlers: handlersWith({
        'system.recoverJobs': async (payload) => {
          ran.push(payload);
        },
      }),
    });
    try {
      // What the cron scheduler enqueues: the item's payload plus `_cron`.
      await database.db.execute(
        sql`select graphile_worker.add_job('system.recoverJobs', ${JSON.stringify({ _cron: { ts: new Date().toISOString(), backfilled: false } })}::json)`,
      );
      await until(async () => ran.length === 1 && (await pendingJobs()) === 0);
    } finally {
      await worker.stop();
    }
    expect(ran).toEqual([{}]);
  });
});

describe('enqueue inside the transaction of the change', () => {
  it('a rolled-back change leaves no job; a committed one leaves exactly one', async () => {
    const before = await pendingJobs();
    await expect(
      withTransaction(database.db, systemActor('test'), async (tx) => {
        await systemJobs.enqueue(tx, 'system.prune', {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await pendingJobs()).toBe(before);
    await withTransaction(database.db, systemActor('test'), (tx) =>
      systemJobs.enqueue(tx, 'system.prune', {}),
    );
    expect(await pendingJobs()).toBe(before + 1);
    await database.db.execute(sql`delete from graphile_worker._private_jobs`);
  });
});

describe('several workers', () => {
  it('process every job exactly once', async () => {
    const seen: string[] = [];
    const handlers = (): JobHandlers =>
      handlersWith({
        'system.prune': async (_payload, job) => {
          seen.push(job.jobId);
        },
      });
    const workers = await Promise.all(
      [1, 2, 3].map(() =>
        startWorker({ registry: jobRegistry, database, concurrency: 4, logger: log, handlers: handlers() }),
      ),
    );
    try {
      await withTransaction(database.db, systemActor('test'), async (tx) => {
        for (let index = 0; index < 120; index++) await systemJobs.enqueue(tx, 'system.prune', {});
      });
      await until(async () => seen.length >= 120 && (await pendingJobs()) === 0);
    } finally {
      // Stopped even when the wait fails, or their pool clients keep the database from closing.
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });
});

describe('a named queue', () => {
  it('runs its jobs one at a time, in order, each as soon as the one before is done', async () => {
    const ran: number[] = [];
    let running = 0;
    let overlapped = false;
    // A poll interval far beyond the test's time: only the wake-up after a completion can
    // start the queue's next job (graphile-worker fetches it before the completion is written).
    const worker = await startWorker({
      registry: jobRegistry,
      database,
      concurrency: 4,
      logger: log,
      pollInterval: 600_000,
      handlers: handlersWith({
        'system.prune': async (_payload, job) => {
          running++;
          if (running > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 5));
          ran.push(Number(job.jobId));
          running--;
        },
      }),
    });
    try {
      await withTransaction(database.db, systemActor('test'), (tx) =>
        systemJobs.enqueueMany(
          tx,
          'system.prune',
          Array.from({ length: 12 }, () => ({ payload: {}, queueName: 'serial' })),
        ),
      );
      await until(async () => ran.length === 12 && (await pendingJobs()) === 0, 20_000);
    } finally {
      await worker.stop();
    }
    expect(overlapped).toBe(false);
    expect(ran).toEqual([...ran].sort((a, b) => a - b));
  });
});

describe('a worker process that dies', () => {
  it('has its job released and run by another worker, once', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../testing/fixtures/hangingWorker.ts')],
      {
        env: { ...process.env, DATABASE_URL: testDatabase.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const started = new Promise<void>((resolve) =>
      child.stdout.on('data', (data) => String(data).includes('started') && resolve()),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await withTransaction(database.db, systemActor('test'), (tx) =>
      systemJobs.enqueue(tx, 'system.prune', {}),
    );
    await started;
    const locked = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker.jobs where locked_by is not null`,
    );
    expect(locked.rows[0]!.n).toBe(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const ran: number[] = [];
    const survivor = await startWorker({
      registry: jobRegistry,
      database,
      concurrency: 1,
      logger: log,
      pollInterval: 100,
      handlers: handlersWith({
        'system.prune': async (_payload, job) => {
          ran.push(job.attempt);
        },
      }),
    });
    // The dead process's connection may take a moment to be noticed by PostgreSQL.
    try {
      await until(async () => {
        await database.db.execute(sql`select 1`);
        if (ran.length === 0) {
          const { recoverJobsOfDeadWorkers } = await import('./worker.js');
          await recoverJobsOfDeadWorkers(database.db);
        }
        return ran.length > 0;
      });
    } finally {
      await survivor.stop();
    }
    expect(ran).toEqual([2]);
    expect(await pendingJobs()).toBe(0);
  });
});
