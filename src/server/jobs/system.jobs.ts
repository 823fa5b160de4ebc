import { z } from 'zod';
import { defineJobs } from './define.js';

export const systemJobs = defineJobs({
  'system.recoverJobs': {
    description: 'Releases jobs held by worker processes that died (kill -9, lost host) so others run them.',
    payload: z.object({}).strict(),
    maxAttempts: 1,
  },
  'system.prune': {
    description: 'Deletes expired sessions and old login attempts.',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
});
