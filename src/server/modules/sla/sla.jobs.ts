import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const slaJobKinds = ['warning', 'breach'] as const;
export type SlaJobKind = (typeof slaJobKinds)[number];

export const slaJobs = defineJobs({
  'sla.check': {
    description:
      'At a clock’s warning or breach instant: recomputes the ticket’s clocks and raises the SLA event if it is due.',
    payload: z
      .object({ ticketId: z.uuid(), metricKey: z.string().min(1), kind: z.enum(slaJobKinds) })
      .strict(),
    maxAttempts: 10,
  },
  'sla.recompute': {
    description:
      'After a policy or calendar edit: recomputes the clocks of the affected tickets in batches, open tickets first.',
    payload: z
      .object({
        /** null: every ticket. */
        requestTypeIds: z.array(z.uuid()).nullable(),
        phase: z.enum(['open', 'closed']),
        /** The last ticket id done (batches go in id order). */
        after: z.uuid().nullable(),
      })
      .strict(),
    maxAttempts: 10,
  },
});
