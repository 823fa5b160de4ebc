// Recording that something worth telling happened: one row per occurrence (de-duplicated by its
// key) in the caller's transaction, so the notification exists if and only if the change that
// causes it commits; the process dispatches it once that transaction commits (after-commit.ts),
// or, when it cannot, the dispatch job added in the same transaction does.
import type { Tx } from '../../../db/client.js';
import { prebuilt } from '../../../db/prebuilt.js';
import { notificationJobs } from '../notifications.jobs.js';
import { notificationEvents } from '../notifications.schema.js';
import { dispatchJobKey, dispatchOnCommit } from './after-commit.js';
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
  const [row] = await insertOccurrence.run(tx, {
    ...input,
    ticketId: input.ticketId ?? null,
    incidentCommunicationId: input.incidentCommunicationId ?? null,
  });
  if (!row) return null;
  if (!dispatchOnCommit(tx, row.id))
    await notificationJobs.enqueue(
      tx,
      'notifications.dispatch',
      { eventId: row.id },
      { jobKey: dispatchJobKey(row.id) },
    );
  return row.id;
}

// Built once (issue 18): one occurrence is recorded per event of every ticket lifecycle, and
// Drizzle rebuilt the insert's text each time.
const insertOccurrence = prebuilt(
  (db, p: Required<OccurrenceInput>) =>
    db
      .insert(notificationEvents)
      .values({
        dedupeKey: p.dedupeKey,
        event: p.event,
        ticketId: p.ticketId,
        incidentCommunicationId: p.incidentCommunicationId,
        facts: p.facts,
        occurredAt: p.occurredAt,
      })
      .onConflictDoNothing({ target: notificationEvents.dedupeKey })
      .returning({ id: notificationEvents.id }),
  {
    dedupeKey: 'example:1',
    event: 'ticket.opened',
    ticketId: '00000000-0000-4000-8000-000000000001',
    incidentCommunicationId: null,
    facts: { actorId: null, nested: { a: [1, 'b'] } },
    occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  },
);
