// Event management: integrations with monitoring and backup systems (keys, intake of each sender's
// own payload), alerts deduplicated by fingerprint with their occurrences, bound to CMDB CIs and
// services, action rules that open one incident per storm with its probable root cause and resolve
// it, silences and maintenance windows, the heat map, backup RPO, retention.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { checkRpo } from './backup.service.js';
import { correlate } from './correlate.service.js';
import { eventCron, eventJobs } from './events.jobs.js';
import { eventRoutes } from './events.routes.js';
import { insightRoutes } from './insights.routes.js';
import { intakeRoutes } from './intake.routes.js';
import { drainAll, pruneJournal } from './journal.service.js';
import { pruneAlerts } from './retention.service.js';
import { eventRuleRoutes } from './rules.routes.js';

export { seedEventsDemo } from './demo.seed.js';
export { configureSnsTrust, type SnsTrust } from './intake/sns.js';
export { configureMaintenanceSource, type MaintenanceSource } from './suppression.service.js';

export const eventsModule: OpsdeskModule = {
  name: 'events',
  routes: [intakeRoutes, insightRoutes, eventRoutes, eventRuleRoutes],
  jobs: moduleJobs(eventJobs, (context) => ({
    'events.ingest': () => drainAll(context),
    'events.correlate': async (payload) => {
      for (const alertId of 'alertIds' in payload ? payload.alertIds : [payload.alertId])
        await correlate(context, alertId);
    },
    'events.checkRpo': () => checkRpo(context),
  })),
  cron: eventCron,
  prune: async (context, now) => {
    await pruneJournal(context, now);
    await pruneAlerts(context, now);
  },
};
