import { z } from 'zod';

// A ticket's status history as the SLA clock reads it: its creation in an initial status, then
// every transition, in the order they happened.

const statusKey = z.string().min(1);

export const ticketEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), at: z.coerce.date(), status: statusKey }),
  z.object({ kind: z.literal('transition'), at: z.coerce.date(), from: statusKey, to: statusKey }),
]);
export type TicketEvent = z.infer<typeof ticketEventSchema>;

export class SlaHistoryError extends Error {
  readonly code = 'sla_history_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'SlaHistoryError';
  }
}

/** Throws SlaHistoryError unless the history is one creation then transitions, in time order. */
export function checkHistory(history: readonly TicketEvent[]): void {
  if (history.length === 0)
    throw new SlaHistoryError('the history is empty: it must start with the creation');
  let status: string | null = null;
  let previousMs = Number.NEGATIVE_INFINITY;
  for (const [index, event] of history.entries()) {
    const ms = event.at.getTime();
    if (Number.isNaN(ms)) throw new SlaHistoryError(`event ${index} has an invalid date`);
    if (ms < previousMs) throw new SlaHistoryError(`event ${index} happens before the event preceding it`);
    previousMs = ms;
    if (event.kind === 'created') {
      if (index !== 0) throw new SlaHistoryError(`event ${index} creates the ticket again`);
      status = event.status;
    } else {
      if (index === 0) throw new SlaHistoryError('the history must start with the creation');
      if (event.from !== status) {
        throw new SlaHistoryError(`event ${index} leaves ${event.from}, but the ticket was in ${status}`);
      }
      status = event.to;
    }
  }
}
