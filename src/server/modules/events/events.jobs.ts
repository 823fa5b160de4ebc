import { z } from 'zod';
import type { CronDefinition } from '../../jobs/define.js';
import { defineJobs } from '../../jobs/define.js';

export const eventJobs = defineJobs({
  'events.ingest': {
    description:
      "Drains the intake journal: stores the pending delivered messages in order (many per transaction), records each message's counts and enqueues their correlation; runs again while messages remain.",
    payload: z.object({}).strict(),
    maxAttempts: 25,
  },
  'events.correlate': {
    description:
      'Applies the action rules to the alerts of a delivered message that fired, resolved or were released, in order: opens an incident or joins the open one of its storm, names the probable root cause, resolves the incident when all its alerts resolved.',
    // One job per delivered message (`alertIds`); `alertId` is the shape of jobs queued before.
    payload: z.union([
      z.object({ alertIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
      z.object({ alertId: z.uuid() }).strict(),
    ]),
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
