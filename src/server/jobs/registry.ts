// The one registry of job names, their typed payloads and the cron schedule. A worker refuses to
// start unless it has a handler for every name here (see worker.ts).
import type { z } from 'zod';
import { fulfilmentJobs } from '../modules/fulfilment/fulfilment.jobs.js';
import { inventoryJobs } from '../modules/inventory/inventory.jobs.js';
import { notificationJobs } from '../modules/notifications/notifications.jobs.js';
import { slaJobs } from '../modules/sla/sla.jobs.js';
import { ticketJobs } from '../modules/tickets/tickets.jobs.js';
import type { CronDefinition, JobDefinition } from './define.js';
import { systemJobs } from './system.jobs.js';

export const jobRegistry = {
  ...systemJobs,
  ...ticketJobs,
  ...fulfilmentJobs,
  ...inventoryJobs,
  ...notificationJobs,
  ...slaJobs,
} satisfies Record<string, JobDefinition>;

export type JobRegistry = typeof jobRegistry;
export type JobName = keyof JobRegistry;
export type JobPayload<N extends JobName> = z.infer<JobRegistry[N]['payload']>;

export const cronSchedule: CronDefinition<JobName>[] = [
  { task: 'system.recoverJobs', pattern: '* * * * *', description: 'every minute' },
  { task: 'system.prune', pattern: '17 * * * *', description: 'hourly' },
  { task: 'inventory.sync', pattern: '*/10 * * * *', description: 'every 10 minutes' },
];
