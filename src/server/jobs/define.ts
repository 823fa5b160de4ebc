// How a module declares its jobs: names, typed payloads and attempts, and a typed `enqueue` for
// them. The registry the worker runs (registry.ts) is assembled from the modules' entry files by
// the composition root; this folder knows no module.
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { addJob, addJobs, type EnqueueOptions, type JobSpec, jobSpecs } from './queue.js';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  description: string;
  payload: S;
  /** Attempts before graphile-worker gives up on a job that keeps throwing (default 5). */
  maxAttempts?: number;
  /**
   * When jobs wait for a free worker, lower runs first (graphile-worker's priority; default 0).
   * The core loop's own steps (verification, fulfilment) are negative: under load they go ahead
   * of the notifications and housekeeping queued before them.
   */
  priority?: number;
}

export type JobDefinitions = Record<string, JobDefinition>;
export type JobPayloadOf<D extends JobDefinitions, N extends keyof D> = z.infer<D[N]['payload']>;

export interface JobContext {
  jobId: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down. */
  signal: AbortSignal;
  log: Logger;
}

export type JobHandler<P = never> = (payload: P, job: JobContext) => Promise<void>;
export type HandlersOf<D extends JobDefinitions> = { [N in keyof D]: JobHandler<JobPayloadOf<D, N>> };

export interface JobSet<D extends JobDefinitions> {
  readonly definitions: D;
  /**
   * Adds a job inside the caller's transaction: it exists if and only if the change that causes
   * it commits, and workers are woken by NOTIFY at commit.
   */
  enqueue<N extends keyof D & string>(
    tx: Queryable,
    name: N,
    payload: JobPayloadOf<D, N>,
    options?: EnqueueOptions,
  ): Promise<void>;
  /** Many jobs of one kind in one statement (a fan-out commits as one statement, not thousands). */
  enqueueMany<N extends keyof D & string>(
    tx: Queryable,
    name: N,
    jobs: { payload: JobPayloadOf<D, N>; jobKey?: string; queueName?: string; runAt?: Date }[],
  ): Promise<void>;
  /** The checked specs of jobs a caller adds inside its own statement (`addJobsSql`). */
  specs<N extends keyof D & string>(
    name: N,
    jobs: { payload: JobPayloadOf<D, N>; jobKey?: string; runAt?: Date }[],
  ): JobSpec[];
}

/** A module declares its jobs with this and enqueues them through the returned set. */
export function defineJobs<const D extends JobDefinitions>(definitions: D): JobSet<D> {
  return {
    definitions,
    enqueue: (tx, name, payload, options) => addJob(tx, name, definitions[name]!, payload, options),
    enqueueMany: (tx, name, jobs) => addJobs(tx, name, definitions[name]!, jobs),
    specs: (name, jobs) => jobSpecs(name, definitions[name]!, jobs),
  };
}

export interface CronDefinition<Name extends string = string> {
  task: Name;
  /** Cron pattern (minute granularity), e.g. `*\/5 * * * *`. */
  pattern: string;
  description: string;
}
