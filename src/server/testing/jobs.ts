import type { JobHandlers } from '../jobs/worker.js';
import { jobRegistry } from '../modules/index.js';

export { jobRegistry };

/** A handler for every registered job that does nothing, with some replaced. */
export function handlersWith(overrides: JobHandlers): JobHandlers {
  const noop = async () => undefined;
  return {
    ...Object.fromEntries([...jobRegistry.definitions.keys()].map((name) => [name, noop])),
    ...overrides,
  };
}
