// The one registry of jobs a worker runs: every module's job definitions (from its entry file),
// assembled by the composition root, plus the cron schedule. A worker refuses to start unless it
// has a handler for every name here (see worker.ts).
import type { CronDefinition, JobDefinition } from './define.js';

export interface JobRegistry {
  definitions: ReadonlyMap<string, JobDefinition>;
  cron: readonly CronDefinition[];
}

export function buildJobRegistry(
  parts: { definitions?: Record<string, JobDefinition>; cron?: readonly CronDefinition[] }[],
): JobRegistry {
  const definitions = new Map<string, JobDefinition>();
  const cron: CronDefinition[] = [];
  for (const part of parts) {
    for (const [name, definition] of Object.entries(part.definitions ?? {})) {
      if (definitions.has(name)) throw new Error(`The job "${name}" is registered twice.`);
      definitions.set(name, definition);
    }
    cron.push(...(part.cron ?? []));
  }
  for (const item of cron) {
    if (!definitions.has(item.task)) throw new Error(`The cron item "${item.task}" names no registered job.`);
  }
  return { definitions, cron };
}
