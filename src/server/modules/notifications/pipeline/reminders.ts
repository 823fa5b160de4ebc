// Waiting-for-customer reminders: when a request is fulfilled, a reminder is scheduled (in the
// same transaction) for some hours before it closes by itself; it is sent only if the request
// still waits in that same stretch by then.
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import { systemActor, type Tx, withTransaction } from '../../../db/client.js';
import { getRequestTypeById } from '../../catalog/index.js';
import { getTicketById, type TicketEvent } from '../../tickets/index.js';
import { notificationJobs } from '../notifications.jobs.js';
import { recordOccurrence } from './occurrences.js';

const hourMs = 3_600_000;

/** When a ticket entering waiting_for_customer at `enteredAt` closes by itself (see requests.scheduleAutoClose). */
export function autoCloseAt(
  config: Pick<Config, 'autoCloseDays'>,
  requestType: { autoCloseDays: number | null } | null,
  enteredAt: Date,
): Date {
  const days = requestType?.autoCloseDays ?? config.autoCloseDays;
  return new Date(enteredAt.getTime() + days * 86_400_000);
}

/**
 * `hoursBefore` the close; for a wait shorter than twice that, half-way through. Null when no
 * reminder fits (no wait at all, or reminders switched off with 0).
 */
export function reminderTime(enteredAt: Date, closesAt: Date, hoursBefore: number): Date | null {
  const wait = closesAt.getTime() - enteredAt.getTime();
  if (hoursBefore <= 0 || wait <= 0) return null;
  const before = hoursBefore * hourMs;
  return wait >= 2 * before
    ? new Date(closesAt.getTime() - before)
    : new Date(enteredAt.getTime() + Math.round(wait / 2));
}

/** Listener part: a ticket entered waiting_for_customer. */
export async function scheduleReminder(context: AppContext, tx: Tx, event: TicketEvent): Promise<void> {
  const type = event.requestTypeId ? await getRequestTypeById(tx, event.requestTypeId) : null;
  const closesAt = autoCloseAt(context.config, type ?? null, event.at);
  const runAt = reminderTime(event.at, closesAt, context.config.reminderHoursBeforeClose);
  if (!runAt) return;
  await notificationJobs.enqueue(
    tx,
    'notifications.remind',
    { ticketId: event.ticketId, enteredAt: event.at.toISOString() },
    { runAt, jobKey: `remind:${event.ticketId}` },
  );
}

/** The reminder job: records the reminder occurrence if the ticket still waits since `enteredAt`. */
export async function remind(context: AppContext, ticketId: string, enteredAt: string): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, systemActor('notifications'), async (tx) => {
    const ticket = await getTicketById(tx, ticketId);
    if (ticket?.status !== 'waiting_for_customer' || ticket.statusChangedAt.toISOString() !== enteredAt)
      return;
    const type = ticket.requestTypeId ? await getRequestTypeById(tx, ticket.requestTypeId) : null;
    await recordOccurrence(tx, {
      event: 'request.waiting_for_customer_reminder',
      dedupeKey: `request.waiting_for_customer_reminder:${ticketId}:${enteredAt}`,
      occurredAt: now,
      ticketId,
      facts: {
        enteredAt,
        autoCloseAt: autoCloseAt(context.config, type ?? null, new Date(enteredAt)).toISOString(),
      },
    });
  });
}
