// The job worker: graphile-worker on Opsdesk's database, with the handlers of every registered
// job (it refuses to start otherwise), the cron schedule, metrics, and crash recovery.
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import {
  parseCronItems,
  type Runner,
  run,
  type Task,
  type WorkerEvents,
  Logger as WorkerLogger,
} from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/client.js';
import { inScope } from '../db/statement-counter.js';
import type { Metrics } from '../http/metrics.js';
import type { JobHandler } from './define.js';
import type { JobRegistry } from './registry.js';

export type { JobContext, JobHandler } from './define.js';
/** A handler per registered job name (payloads are checked against the job's schema first). */
export type JobHandlers = Record<string, JobHandler<never>>;

export class MissingJobHandlerError extends Error {
  override readonly name = 'MissingJobHandlerError';
}

/** Every registered job needs a handler, and every handler a registered job. */
export function assertHandlersComplete(registry: JobRegistry, handlers: Record<string, unknown>): void {
  const names = [...registry.definitions.keys()];
  const missing = names.filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !registry.definitions.has(name));
  const problems = [
    ...missing.map((name) => `no handler for job "${name}"`),
    ...unknown.map((name) => `handler for unregistered job "${name}"`),
  ];
  if (problems.length > 0)
    throw new MissingJobHandlerError(`The worker cannot start: ${problems.join('; ')}`);
}

/**
 * Releases the jobs of worker processes that died: their liveness lock is free. Returns how many
 * processes were found dead.
 */
export async function recoverJobsOfDeadWorkers(db: Queryable): Promise<number> {
  const result = await db.execute<{ dead: number }>(sql`
    with dead as (
      delete from job_worker_processes p
       where pg_try_advisory_xact_lock(p.lock_key)
      returning p.worker_ids
    ), released as (
      select graphile_worker.force_unlock_workers(coalesce(array(select unnest(worker_ids) from dead), '{}'))
    )
    select (select count(*) from dead)::int as dead, (select count(*) from released)::int as released`);
  const dead = result.rows[0]?.dead ?? 0;
  if (dead > 0) await db.execute(sql`select pg_notify('jobs:insert', '')`);
  return dead;
}

/** When, after a queued job completes, idle workers look for the queue's next job (ms). */
const queueWakeDelays = [3, 30, 300];

export interface WorkerHandle {
  stop(): Promise<void>;
  events: WorkerEvents;
}

export async function startWorker(options: {
  database: Database;
  registry: JobRegistry;
  handlers: JobHandlers;
  concurrency: number;
  logger: Logger;
  metrics?: Metrics;
  /** Poll for future-dated jobs this often (new jobs arrive by NOTIFY at once). */
  pollInterval?: number;
}): Promise<WorkerHandle> {
  const { database, registry, handlers, logger, metrics } = options;
  assertHandlersComplete(registry, handlers);

  // Liveness: a dedicated connection holds our advisory lock until this process ends.
  const lockKey = randomInt(1, 2 ** 47);
  const liveness = new pg.Client({
    connectionString: database.url,
    application_name: 'opsdesk-worker-liveness',
  });
  liveness.on('error', (error) => logger.error({ err: error }, 'worker liveness connection lost'));
  await liveness.connect();
  await liveness.query('select pg_advisory_lock($1)', [lockKey]);
  await liveness.query('insert into job_worker_processes (lock_key, hostname, pid) values ($1, $2, $3)', [
    lockKey,
    hostname(),
    process.pid,
  ]);
  // Jobs are locked by the worker pool's id (graphile-worker 0.17) or a worker's id: record both.
  let registration = Promise.resolve();
  const register = (lockerId: string) => {
    registration = registration.then(async () => {
      await liveness.query(
        'update job_worker_processes set worker_ids = array_append(worker_ids, $2) where lock_key = $1',
        [lockKey, lockerId],
      );
    });
  };
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('pool:create', ({ workerPool }) => register(workerPool.id));
  events.on('worker:create', ({ worker }) => register(worker.workerId));
  if (metrics) {
    const started = new Map<string, number>();
    events.on('job:start', ({ job }) => {
      started.set(job.id, performance.now());
      metrics.jobPickupLatency.observe(
        { task: job.task_identifier },
        Math.max(0, (Date.now() - new Date(job.run_at).getTime()) / 1000),
      );
    });
    const finish = (outcome: string) => (event: { job: { id: string; task_identifier: string } }) => {
      const begin = started.get(event.job.id);
      started.delete(event.job.id);
      metrics.jobsCompleted.inc({ task: event.job.task_identifier, outcome });
      if (begin !== undefined)
        metrics.jobDuration.observe({ task: event.job.task_identifier }, (performance.now() - begin) / 1000);
    };
    events.on('job:success', finish('success'));
    events.on('job:error', finish('error'));
    events.on('job:failed', finish('failed'));
  }

  // A named queue (alert correlation; fulfilment per environment) runs one job at a time: the job
  // keeps the queue locked until its completion is written, and graphile-worker 0.17 fetches the
  // next job without waiting for that write, finds the queue locked and sleeps until the next
  // poll (2 s). A 50-alert storm took 30-40 s to drain that way (bench/events.ts). So when a
  // queued job completes, idle workers are woken a few times shortly after (one fetch each).
  // The wake-ups stop as soon as a job of that queue starts (the chain goes on by itself).
  const pools: { nudge(count: number): void }[] = [];
  const wakes = new Map<string, NodeJS.Timeout[]>();
  let stopping = false;
  const stopWaking = (queue: string) => {
    for (const timer of wakes.get(queue) ?? []) clearTimeout(timer);
    wakes.delete(queue);
  };
  events.on('pool:create', ({ workerPool }) => pools.push(workerPool));
  events.on('job:start', ({ job }) => {
    if (job.job_queue_id != null) stopWaking(String(job.job_queue_id));
  });
  events.on('job:complete', ({ job }) => {
    if (job.job_queue_id == null) return;
    const queue = String(job.job_queue_id);
    stopWaking(queue);
    wakes.set(
      queue,
      queueWakeDelays.map((delay) =>
        setTimeout(() => {
          if (stopping) return;
          // A pool shutting down refuses nudges (its workers are gone): nothing to wake then.
          for (const pool of pools)
            try {
              pool.nudge(1);
            } catch {}
        }, delay).unref(),
      ),
    );
  });

  const dead = await recoverJobsOfDeadWorkers(database.db);
  if (dead > 0) logger.warn({ dead }, 'released jobs of worker processes that died');

  const taskList: Record<string, Task> = {};
  for (const [name, definition] of registry.definitions) {
    const handler = handlers[name] as JobHandler<unknown>;
    taskList[name] = async (payload, helpers) => {
      const checked = definition.payload.parse(withoutCronMark(payload));
      // The job's logger is made when the job first logs: most jobs never do, and a pino child
      // per job showed in the core loop's CPU profile.
      let log: Logger | undefined;
      await inScope(`job ${name}`, () =>
        handler(checked, {
          // String(): the global INT8 parser (db/client.ts) also turns graphile-worker's ids into numbers.
          jobId: String(helpers.job.id),
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          signal: helpers.abortSignal ?? new AbortController().signal,
          get log() {
            log ??= logger.child({ job: name, jobId: helpers.job.id });
            return log;
          },
        }),
      );
    };
  }

  const runner: Runner = await run({
    pgPool: database.pool,
    taskList,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 2000,
    parsedCronItems: parseCronItems(
      registry.cron.map((item) => ({
        task: item.task,
        match: item.pattern,
        identifier: item.task,
        options: { backfillPeriod: 0 },
        payload: {},
      })),
    ),
    logger: workerLogger(logger),
    events,
    preset: {
      worker: {
        // Fewer round trips per job (issue 18): completions that happen in the same tick are
        // deleted in one statement. (The batched fetch, `localQueue`, must stay off on 0.17.3:
        // a batch can hold several jobs of one named queue and runs them at once
        // (graphile/worker#621), which would break the one-at-a-time queues — alert correlation,
        // fulfilment per environment; see bench/README.md.) A crash between a completion and its batch
        // leaves the job locked to this process, which recoverJobsOfDeadWorkers releases. A
        // named queue's next job is found by the wake-ups after `job:complete` above.
        completeJobBatchDelay: 0,
      },
    },
  });

  return {
    events,
    async stop() {
      stopping = true;
      for (const queue of [...wakes.keys()]) stopWaking(queue);
      await runner.stop();
      await registration.catch(() => undefined);
      await liveness
        .query('delete from job_worker_processes where lock_key = $1', [lockKey])
        .catch(() => undefined);
      await liveness.end().catch(() => undefined);
    },
  };
}

/** graphile-worker adds `_cron: {ts, backfilled}` to the payload of the jobs its cron schedules. */
export function withoutCronMark(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !('_cron' in payload))
    return payload;
  const { _cron: _mark, ...rest } = payload as Record<string, unknown>;
  return rest;
}

function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const target = logger.child({
      component: 'graphile-worker',
      ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
    });
    if (level === 'error') target.error(meta ?? {}, message);
    else if (level === 'warning') target.warn(meta ?? {}, message);
    else target.debug(meta ?? {}, message);
  });
}
