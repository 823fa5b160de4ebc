import { param, type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { atCommit, type Queryable } from '../db/client.js';
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

export interface JobSpec {
  identifier: string;
  payload: unknown;
  queue_name: string | null;
  run_at: string | null;
  max_attempts: number;
  job_key: string | null;
  priority: number | null;
}

/**
 * The jobs a transaction opened by `withTransaction` adds, kept until its COMMIT and added there
 * with one `add_jobs` in the COMMIT's round trip (per `job_key_preserve_run_at` flag).
 */
interface PendingJobs {
  /** Keys to remove first (cancelJobs). */
  remove: Set<string>;
  replace: JobSpec[];
  preserve: JobSpec[];
}
const pendingJobs = new WeakMap<object, PendingJobs>();

/** The transaction's jobs kept for its COMMIT, registered there on first use; undefined for the pool or a savepoint. */
function pendingOf(tx: Queryable): PendingJobs | undefined {
  const known = pendingJobs.get(tx);
  if (known) return known;
  const created: PendingJobs = { remove: new Set(), replace: [], preserve: [] };
  const registered = atCommit(tx, () => {
    const statements = [
      created.remove.size > 0
        ? `select count(graphile_worker.remove_job(key)) from jsonb_array_elements_text(${pg.escapeLiteral(
            JSON.stringify([...created.remove]),
          )}::jsonb) as key`
        : null,
      created.replace.length > 0 ? addJobsStatement(created.replace, false) : null,
      created.preserve.length > 0 ? addJobsStatement(created.preserve, true) : null,
    ].filter((statement) => statement !== null);
    return statements.length > 0 ? statements.join(';\n') : null;
  });
  if (!registered) return undefined;
  pendingJobs.set(tx, created);
  return created;
}

function addJobsStatement(specs: JobSpec[], preserveRunAt: boolean): string {
  return `select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${pg.escapeLiteral(
    JSON.stringify(specs),
  )}::json)), ${preserveRunAt})`;
}

/**
 * The statement adding one job (literal SQL, no parameters: `add_jobs`, as at COMMIT), for a
 * writer that sends its whole transaction in one round trip (the intake journal's group commit).
 * Its job exists if and only if that transaction commits. Not for `unsafe_dedupe`.
 */
export function addJobStatement(
  name: string,
  definition: JobDefinition,
  payload: unknown,
  options: EnqueueOptions = {},
): string {
  if (options.jobKeyMode === 'unsafe_dedupe')
    throw new Error('addJobStatement: unsafe_dedupe is not supported');
  return addJobsStatement(
    [specOf(name, definition, definition.payload.parse(payload), options)],
    options.jobKeyMode === 'preserve_run_at',
  );
}

/** The add_jobs spec of one job whose payload has been checked. */
function specOf(name: string, definition: JobDefinition, checked: unknown, options: EnqueueOptions): JobSpec {
  return {
    identifier: name,
    payload: checked,
    queue_name: options.queueName ?? null,
    run_at: options.runAt?.toISOString() ?? null,
    max_attempts: options.maxAttempts ?? definition.maxAttempts ?? 5,
    job_key: options.jobKey ?? null,
    priority: options.priority ?? definition.priority ?? null,
  };
}

/** Queues `spec` for the transaction's COMMIT; false when `tx` is not such a transaction. */
function addAtCommit(tx: Queryable, spec: JobSpec, preserveRunAt: boolean): boolean {
  const pending = pendingOf(tx);
  if (!pending) return false;
  // A later job with the same key replaces an earlier one of this transaction, as add_job would.
  for (const list of [pending.replace, pending.preserve]) {
    const index = spec.job_key === null ? -1 : list.findIndex((job) => job.job_key === spec.job_key);
    if (index >= 0) list.splice(index, 1);
  }
  (preserveRunAt ? pending.preserve : pending.replace).push(spec);
  return true;
}

/**
 * Adds one job in the caller's transaction, its payload checked first. In a transaction opened by
 * `withTransaction` the job is added at COMMIT, with the transaction's other jobs, in one
 * `add_jobs` (it exists if and only if the transaction commits, as before; a job key's
 * `unsafe_dedupe` mode, which add_jobs lacks, is added at once with add_job).
 */
export async function addJob(
  tx: Queryable,
  name: string,
  definition: JobDefinition,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<void> {
  const spec = specOf(name, definition, definition.payload.parse(payload), options);
  const mode = options.jobKeyMode ?? 'replace';
  if (mode !== 'unsafe_dedupe') {
    if (addAtCommit(tx, spec, mode === 'preserve_run_at')) return;
  }
  if (spec.job_key) await removeNowIfPending(tx, [spec.job_key]);
  await tx.execute(sql`select graphile_worker.add_job(
    identifier => ${spec.identifier}::text,
    payload => ${JSON.stringify(spec.payload)}::json,
    queue_name => ${spec.queue_name}::text,
    run_at => ${spec.run_at}::timestamptz,
    max_attempts => ${spec.max_attempts}::int,
    job_key => ${spec.job_key}::text,
    priority => ${spec.priority}::int,
    job_key_mode => ${mode}::text
  )`);
}

/** Adds many jobs of one kind (graphile-worker's add_jobs) in the caller's transaction, at its COMMIT when it can (see addJob). */
export async function addJobs(
  tx: Queryable,
  name: string,
  definition: JobDefinition,
  jobs: { payload: unknown; jobKey?: string; queueName?: string; runAt?: Date }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobSpecs(name, definition, jobs);
  // Small fan-outs join the transaction's COMMIT; big ones keep their own statement (no gain in
  // one more round trip saved, and the key check below is per pending job).
  if (specs.length <= 100 && specs.every((spec) => addAtCommit(tx, spec, false))) return;
  await removeNowIfPending(
    tx,
    specs.flatMap((spec) => (spec.job_key ? [spec.job_key] : [])),
  );
  await tx.execute(
    sql`select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)), false)`,
  );
}

/**
 * The specs of many jobs of one kind, payloads checked, for a writer that adds them inside its own
 * statement with `addJobsSql` (so they exist if and only if that statement's change commits).
 */
export function jobSpecs(
  name: string,
  definition: JobDefinition,
  jobs: { payload: unknown; jobKey?: string; queueName?: string; runAt?: Date }[],
): JobSpec[] {
  return jobs.map(({ payload, ...options }) =>
    specOf(name, definition, definition.payload.parse(payload), options),
  );
}

/**
 * An expression adding `specs` with `add_jobs` (its value: how many were added), for a
 * data-modifying CTE; `keep` filters them (it may refer to `spec`, the job_spec row). Keys must be
 * new or replaceable (add_jobs semantics; no `unsafe_dedupe`).
 */
export function addJobsSql(specs: JobSpec[], preserveRunAt: boolean, keep: SQL = sql`true`): SQL {
  if (specs.length === 0) return sql`0::bigint`;
  return sql`(select count(*) from graphile_worker.add_jobs(array(
    select spec from json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json) as spec
     where ${keep}), ${preserveRunAt}))`;
}

/** Removes a pending job by key (e.g. a reminder that no longer applies). */
export async function cancelJob(tx: Queryable, jobKey: string): Promise<void> {
  await cancelJobs(tx, [jobKey]);
}

/**
 * Removes pending jobs by key (keys with no job are ignored). In a transaction opened by
 * `withTransaction`, at its COMMIT, before the jobs it adds (one round trip fewer); jobs this
 * transaction was to add under these keys are not added.
 */
export async function cancelJobs(tx: Queryable, jobKeys: string[]): Promise<void> {
  if (jobKeys.length === 0) return;
  dropPending(tx, jobKeys);
  const pending = pendingOf(tx);
  if (pending) {
    for (const key of jobKeys) pending.remove.add(key);
    return;
  }
  await tx.execute(sql`select graphile_worker.remove_job(key) from unnest(${param(jobKeys)}::text[]) as key`);
}

/** Jobs this transaction was to add at COMMIT under keys it now cancels are not added. */
function dropPending(tx: Queryable, jobKeys: string[]): void {
  const pending = pendingJobs.get(tx);
  if (!pending) return;
  const keys = new Set(jobKeys);
  for (const list of [pending.replace, pending.preserve]) {
    for (let index = list.length - 1; index >= 0; index--) {
      const key = list[index]!.job_key;
      if (key !== null && keys.has(key)) list.splice(index, 1);
    }
  }
}

/** A job added at once under a key this transaction cancels at COMMIT: the removal is done first, now. */
async function removeNowIfPending(tx: Queryable, jobKeys: string[]): Promise<void> {
  const pending = pendingJobs.get(tx);
  const keys = jobKeys.filter((key) => pending?.remove.delete(key));
  if (keys.length === 0) return;
  await tx.execute(sql`select graphile_worker.remove_job(key) from unnest(${param(keys)}::text[]) as key`);
}
