import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const ticketJobs = defineJobs({
  'tickets.autoClose': {
    description:
      'Closes a ticket that stayed in a status with auto-close (waiting for the customer, resolved) for the configured days.',
    payload: z.object({ ticketId: z.uuid(), enteredAt: z.iso.datetime() }).strict(),
    maxAttempts: 5,
  },
});
