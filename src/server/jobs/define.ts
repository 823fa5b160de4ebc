import type { z } from 'zod';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  description: string;
  payload: S;
  /** Attempts before graphile-worker gives up on a job that keeps throwing (default 5). */
  maxAttempts?: number;
}

/** Modules declare their jobs with this; `registry.ts` gathers them into the one registry. */
export function defineJobs<const T extends Record<string, JobDefinition>>(jobs: T): T {
  return jobs;
}

export interface CronDefinition<Name extends string = string> {
  task: Name;
  /** Cron pattern (minute granularity), e.g. `*\/5 * * * *`. */
  pattern: string;
  description: string;
}
