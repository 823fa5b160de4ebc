// Tickets that close by themselves after a while in a status whose workflow says
// `scheduleAutoClose`: a delivered request after its request type's days (or the default), a
// resolved incident or problem after OPSDESK_INCIDENT_AUTO_CLOSE_DAYS.
import type { AppContext } from '../context.js';
import { autoCloseDaysOf } from '../modules/requests/index.js';
import { scheduleAutoClose, type TicketExtensions } from '../modules/tickets/index.js';

export function autoClose(context: AppContext): Partial<TicketExtensions> {
  return {
    effects: {
      scheduleAutoClose: async (tx, ticket, _actor, now) => {
        const days =
          ticket.kind === 'request'
            ? await autoCloseDaysOf(context, tx, ticket)
            : context.config.incidentAutoCloseDays;
        await scheduleAutoClose(tx, ticket, now, days);
      },
    },
  };
}
