import { z } from 'zod';
import { defineJobs } from './define.js';

/** Jobs of the platform itself, whatever modules run on it. */
export const systemJobs = defineJobs({
  'system.recoverJobs': {
    description: 'Releases jobs held by worker processes that died (kill -9, lost host) so others run them.',
    payload: z.object({}).strict(),
    maxAttempts: 1,
  },
  'system.prune': {
    description: 'Deletes what has expired in every module (sessions, old login attempts …).',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
});

export const systemCron = [
  { task: 'system.recoverJobs', pattern: '* * * * *', description: 'every minute' },
  { task: 'system.prune', pattern: '17 * * * *', description: 'hourly' },
] as const;
