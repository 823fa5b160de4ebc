import { z } from 'zod';
import type { CronDefinition } from '../../jobs/define.js';
import { defineJobs } from '../../jobs/define.js';

export const eventJobs = defineJobs({
  'events.correlate': {
    description:
      'Applies the action rules to an alert that fired, resolved or was released: opens an incident or joins the open one of its storm, names the probable root cause, resolves the incident when all its alerts resolved.',
    payload: z.object({ alertId: z.uuid() }).strict(),
    maxAttempts: 10,
  },
  'events.checkRpo': {
    description:
      'Raises an alert for every CI whose last good backup is older than its RPO, and resolves it when a backup succeeds.',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
});

export const eventCron: readonly CronDefinition[] = [
  { task: 'events.checkRpo', pattern: '*/5 * * * *', description: 'RPO compliance of backed-up CIs.' },
];
