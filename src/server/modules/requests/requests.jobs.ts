import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const requestJobs = defineJobs({
  'requests.verify': {
    description:
      'Checks a new request’s fields (and the fulfilment action’s preflight) and moves it on or cancels it.',
    payload: z.object({ ticketId: z.uuid() }).strict(),
    maxAttempts: 10,
    // A step of the core loop: ahead of notifications when workers are busy (issue 18).
    priority: -10,
  },
});
