// The public status page: services marked public are its components, their status derived from
// open incidents and maintenance (never typed in twice), published incidents with their public
// updates, 90-day uptime bars from the status history, Statuspage's summary.json and an Atom feed.
import type { Tx } from '../../db/client.js';
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { recordStatuses } from './record.service.js';
import { statuspageJobs } from './statuspage.jobs.js';
import { statuspageRoutes } from './statuspage.routes.js';
import { announce } from './subscribers.service.js';

export { type StatusSpan, statusHistoryOf } from './history.reads.js';
export { type Maintenance, type MaintenanceSource, registerMaintenanceSource } from './maintenance.js';
export { recordStatuses };

/** A change that may move a service's status happened in `tx`: record the history after it commits. */
export async function statusMayHaveChanged(tx: Tx): Promise<void> {
  await statuspageJobs.enqueue(tx, 'statuspage.record', {}, { jobKey: 'statuspage.record' });
}

export const statuspageModule: OpsdeskModule = {
  name: 'statuspage',
  routes: [statuspageRoutes],
  jobs: moduleJobs(statuspageJobs, (context) => ({
    'statuspage.record': async () => {
      await recordStatuses(context.db, context.clock.now());
    },
    'statuspage.announce': async () => {
      await announce(context, context.clock.now());
    },
  })),
  cron: [
    { task: 'statuspage.record', pattern: '* * * * *', description: 'every minute' },
    {
      task: 'statuspage.announce',
      pattern: '* * * * *',
      description: 'every minute (updates a trigger missed)',
    },
  ],
};
