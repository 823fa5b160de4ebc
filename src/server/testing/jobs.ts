import { jobRegistry } from '../jobs/registry.js';
import type { JobHandlers } from '../jobs/worker.js';

/** A handler for every registered job that does nothing, with some replaced. */
export function handlersWith(overrides: Partial<JobHandlers>): JobHandlers {
  const noop = async () => undefined;
  return {
    ...Object.fromEntries(Object.keys(jobRegistry).map((name) => [name, noop])),
    ...overrides,
  } as JobHandlers;
}
