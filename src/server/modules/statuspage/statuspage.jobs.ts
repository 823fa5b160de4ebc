import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const statuspageJobs = defineJobs({
  'statuspage.record': {
    description: 'Records status changes of services (the history behind the uptime bars).',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
  'statuspage.announce': {
    description:
      'Sends public incident updates to the status page subscribers (queued by a trigger on each public update, and every minute).',
    payload: z.object({}).passthrough(),
    maxAttempts: 5,
  },
});
