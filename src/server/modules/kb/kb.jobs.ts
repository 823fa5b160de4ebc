import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const kbJobs = defineJobs({
  'kb.upkeep': {
    description: 'Tells owners of articles due for review, or found unhelpful.',
    payload: z.object({}).strict(),
    maxAttempts: 3,
  },
});
