// The ticket lifecycle's listener: in the transaction of every ticket event, record the
// notification occurrences it amounts to (with their dispatch jobs) and schedule the reminder of
// a request waiting for its requester.
import type { AppContext } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import type { TicketEvent } from '../../tickets/index.js';
import { recordOccurrence } from './occurrences.js';
import { scheduleReminder } from './reminders.js';
import { occurrencesOf } from './ticket-events.js';

export function notificationListener(context: AppContext) {
  return async (tx: Tx, event: TicketEvent): Promise<void> => {
    for (const occurrence of occurrencesOf(event)) {
      await recordOccurrence(tx, {
        event: occurrence.event,
        dedupeKey: occurrence.dedupeKey,
        occurredAt: event.at,
        ticketId: event.ticketId,
        facts: { ...occurrence.facts },
      });
    }
    if (event.type === 'ticket.transitioned' && event.status === 'waiting_for_customer')
      await scheduleReminder(context, tx, event);
  };
}
