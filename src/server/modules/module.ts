// What a module's entry file (`modules/<name>/index.ts`) hands to the composition root: its
// routes, its jobs with their handlers, its cron items and what it prunes. Everything else the
// entry exports (service functions, types) is what other modules may use.
import type { AppContext } from '../context.js';
import type { RouteModule } from '../http/app.js';
import type { CronDefinition, HandlersOf, JobDefinitions, JobHandler, JobSet } from '../jobs/define.js';

export interface ModuleJobs {
  definitions: JobDefinitions;
  handlers(context: AppContext): Record<string, JobHandler<never>>;
}

export interface OpsdeskModule {
  name: string;
  routes?: RouteModule[];
  jobs?: ModuleJobs;
  cron?: readonly CronDefinition[];
  /** Deletes what has expired (run hourly by the system.prune job). */
  prune?(context: AppContext, now: Date): Promise<void>;
}

/** Pairs a module's job set with its handlers, typed against the set's payloads. */
export function moduleJobs<D extends JobDefinitions>(
  set: JobSet<D>,
  handlers: (context: AppContext) => HandlersOf<D>,
): ModuleJobs {
  return { definitions: set.definitions, handlers: handlers as ModuleJobs['handlers'] };
}
