import { z } from 'zod';
import { defineJobs } from '../../jobs/define.js';

export const notificationJobs = defineJobs({
  'notifications.dispatch': {
    description:
      'Works out who hears about an event (rules, subscriptions, preferences), stores one delivery per recipient and channel, and sends the few emails and chat messages itself. The process that records an event dispatches it the same way once its transaction commits; this job runs when it could not.',
    payload: z.object({ eventId: z.uuid() }).strict(),
    maxAttempts: 10,
  },
  'notifications.deliver': {
    description:
      'Renders one notification for its recipient and sends it (SMTP or chat webhook); schedules its own retry with backoff.',
    payload: z.object({ deliveryId: z.uuid() }).strict(),
    maxAttempts: 5,
  },
  'notifications.remind': {
    description: 'Reminds the requester of a fulfilled request that it closes by itself unless they answer.',
    payload: z.object({ ticketId: z.uuid(), enteredAt: z.iso.datetime() }).strict(),
    maxAttempts: 5,
  },
  'notifications.sweep': {
    description:
      'Adds the dispatch job of every event recorded more than 30 s ago and still undispatched, and the deliver job of every message stuck sending for 2 minutes (their process stopped before finishing).',
    payload: z.object({}).strict(),
    maxAttempts: 1,
  },
  'notifications.digest': {
    description: "Gathers a person's notifications held for the digest into one email.",
    payload: z.object({ userId: z.uuid() }).strict(),
    maxAttempts: 5,
  },
});
