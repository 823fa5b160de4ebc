// Every module of Opsdesk, in dependency order: their routes, jobs, cron items and pruning are
// gathered here for the composition root. Flows across modules are in ../flows/.
import type { AppContext } from '../context.js';
import type { RouteModule } from '../http/app.js';
import type { JobHandler } from '../jobs/define.js';
import { buildJobRegistry, type JobRegistry } from '../jobs/registry.js';
import { systemCron, systemJobs } from '../jobs/system.jobs.js';
import { recoverJobsOfDeadWorkers } from '../jobs/worker.js';
import { approvalsModule } from './approvals/index.js';
import { auditModule } from './audit/index.js';
import { baselineModule } from './baseline/index.js';
import { capacityModule } from './capacity/index.js';
import { catalogModule } from './catalog/index.js';
import { changesModule } from './changes/index.js';
import { cmdbModule } from './cmdb/index.js';
import { eventsModule } from './events/index.js';
import { fulfilmentModule } from './fulfilment/index.js';
import { identityModule } from './identity/index.js';
import { improvementModule } from './improvement/index.js';
import { incidentsModule } from './incidents/index.js';
import { inventoryModule } from './inventory/index.js';
import { kbModule } from './kb/index.js';
import type { OpsdeskModule } from './module.js';
import { notificationsModule } from './notifications/index.js';
import { oncallModule } from './oncall/index.js';
import { reportsModule } from './reports/index.js';
import { requestsModule } from './requests/index.js';
import { slaModule } from './sla/index.js';
import { statuspageModule } from './statuspage/index.js';
import { ticketsModule } from './tickets/index.js';
import { workflowModule } from './workflow/index.js';

export const modules: readonly OpsdeskModule[] = [
  identityModule,
  workflowModule,
  inventoryModule,
  catalogModule,
  ticketsModule,
  cmdbModule,
  requestsModule,
  incidentsModule,
  eventsModule,
  statuspageModule,
  kbModule,
  approvalsModule,
  changesModule,
  fulfilmentModule,
  slaModule,
  notificationsModule,
  oncallModule,
  capacityModule,
  reportsModule,
  baselineModule,
  improvementModule,
  auditModule,
];

export const routeModules: RouteModule[] = modules.flatMap((module) => module.routes ?? []);

export const jobRegistry: JobRegistry = buildJobRegistry([
  { definitions: systemJobs.definitions, cron: systemCron },
  ...modules.map((module) => ({ definitions: module.jobs?.definitions, cron: module.cron })),
]);

export function jobHandlers(context: AppContext): Record<string, JobHandler<never>> {
  const handlers: Record<string, JobHandler<never>> = {
    'system.recoverJobs': async (_payload, job) => {
      const dead = await recoverJobsOfDeadWorkers(context.db);
      if (dead > 0) job.log.warn({ dead }, 'released jobs of worker processes that died');
    },
    'system.prune': async () => {
      const now = context.clock.now();
      for (const module of modules) await module.prune?.(context, now);
    },
  };
  for (const module of modules) Object.assign(handlers, module.jobs?.handlers(context));
  return handlers;
}
