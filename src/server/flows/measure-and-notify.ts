// Every ticket event is measured and told: SLA clocks are recomputed in the event's transaction
// (so a warning or breach already due is raised there too), then notifications hear the event;
// SLA warnings and breaches are notified in the transaction that records them.
import type { AppContext } from '../context.js';
import { notificationListener, notifySlaEvent } from '../modules/notifications/index.js';
import {
  type SlaEventListener,
  slaSearchFilter,
  slaSummaryPart,
  slaTicketListener,
} from '../modules/sla/index.js';
import type { TicketExtensions } from '../modules/tickets/index.js';

export function measureAndNotify(context: AppContext): Partial<TicketExtensions> {
  return {
    // SLA clocks first: a warning or breach already due is raised (and notified) in this transaction too.
    listeners: [slaTicketListener(context), notificationListener(context)],
    summaryParts: [slaSummaryPart],
    searchFilters: { sla: slaSearchFilter },
  };
}

export const notifySlaEvents: SlaEventListener = async (tx, event) => {
  await notifySlaEvent(tx, {
    kind: event.kind === 'breach' ? 'breached' : 'warning',
    ticketId: event.ticketId,
    policyName: event.policyName,
    metric: { key: event.metricKey, name: event.metricName },
    goalSeconds: event.goalSeconds,
    elapsedSeconds: event.elapsedSeconds,
    dueAt: event.breachAt ?? event.dueAt,
    ...(event.kind === 'breach' ? { breachedAt: event.dueAt } : {}),
    at: event.raisedAt,
  });
};
