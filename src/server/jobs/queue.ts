import { param, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import type { JobDefinition } from './define.js';

export interface EnqueueOptions {
  /** Run no earlier than this (default: now). */
  runAt?: Date;
  /** Jobs sharing a queue name run one at a time, in order (e.g. one queue per environment). */
  queueName?: string;
  /** At most one pending job per key: adding again replaces it (reschedules). */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  maxAttempts?: number;
  priority?: number;
}

/** Adds one job in the caller's transaction (graphile-worker's add_job), its payload checked first. */
export async function addJob(
  tx: Queryable,
  name: string,
  definition: JobDefinition,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<void> {
  const checked = definition.payload.parse(payload);
  await tx.execute(sql`select graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${JSON.stringify(checked)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? definition.maxAttempts ?? 5}::int,
    job_key => ${options.jobKey ?? null}::text,
    priority => ${options.priority ?? null}::int,
    job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
  )`);
}

/** Adds many jobs of one kind in one statement (graphile-worker's add_jobs), in the caller's transaction. */
export async function addJobs(
  tx: Queryable,
  name: string,
  definition: JobDefinition,
  jobs: { payload: unknown; jobKey?: string; queueName?: string; runAt?: Date }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map((job) => ({
    identifier: name,
    payload: definition.payload.parse(job.payload),
    max_attempts: definition.maxAttempts ?? 5,
    job_key: job.jobKey ?? null,
    queue_name: job.queueName ?? null,
    run_at: job.runAt?.toISOString() ?? null,
  }));
  await tx.execute(
    sql`select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)), false)`,
  );
}

/** Removes a pending job by key (e.g. a reminder that no longer applies). */
export async function cancelJob(tx: Queryable, jobKey: string): Promise<void> {
  await tx.execute(sql`select graphile_worker.remove_job(${jobKey})`);
}

/** Removes pending jobs by key in one statement (keys with no job are ignored). */
export async function cancelJobs(tx: Queryable, jobKeys: string[]): Promise<void> {
  if (jobKeys.length === 0) return;
  await tx.execute(sql`select graphile_worker.remove_job(key) from unnest(${param(jobKeys)}::text[]) as key`);
}
