import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const inventoryJobs = defineJobs({
  'inventory.sync': {
    description:
      'Brings the inventory in line with what the providers discover (all of them, or one connection).',
    payload: z.object({ connection: z.string().optional() }).strict(),
    maxAttempts: 3,
  },
});
