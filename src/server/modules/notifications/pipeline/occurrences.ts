// Recording that something worth telling happened: one row per occurrence (de-duplicated by its
// key) and the dispatch job, both in the caller's transaction, so the notification exists if and
// only if the change that causes it commits.
import type { Tx } from '../../../db/client.js';
import { notificationJobs } from '../notifications.jobs.js';
import { notificationEvents } from '../notifications.schema.js';
import type { NotificationEvent } from './events.js';

export interface OccurrenceInput {
  event: NotificationEvent;
  dedupeKey: string;
  occurredAt: Date;
  ticketId?: string | null;
  incidentCommunicationId?: string | null;
  facts: Record<string, unknown>;
}

/** Returns the new occurrence's id, or null when the same occurrence was recorded before. */
export async function recordOccurrence(tx: Tx, input: OccurrenceInput): Promise<string | null> {
  const [row] = await tx
    .insert(notificationEvents)
    .values({
      dedupeKey: input.dedupeKey,
      event: input.event,
      ticketId: input.ticketId ?? null,
      incidentCommunicationId: input.incidentCommunicationId ?? null,
      facts: input.facts,
      occurredAt: input.occurredAt,
    })
    .onConflictDoNothing({ target: notificationEvents.dedupeKey })
    .returning({ id: notificationEvents.id });
  if (!row) return null;
  await notificationJobs.enqueue(tx, 'notifications.dispatch', { eventId: row.id });
  return row.id;
}
