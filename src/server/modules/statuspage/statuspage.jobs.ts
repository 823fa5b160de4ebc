import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const statuspageJobs = defineJobs({
  'statuspage.record': {
    description: 'Records status changes of services (the history behind the uptime bars).',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
});
