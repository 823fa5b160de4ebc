// Which notification events a ticket event is: pure, over the lifecycle's event. The mapping
// follows the default workflow's transition names and status keys (SPEC, "The core loop").
import type { TicketEvent } from '../../tickets/index.js';
import type { NotificationEvent } from './events.js';

/** What the listener records with each occurrence; the dispatch job reads the rest from the ticket. */
export interface TicketEventFacts {
  transition: string | null;
  from: string | null;
  to: string;
  actorId: string | null;
  actorLabel: string;
}

export interface TicketOccurrence {
  event: NotificationEvent;
  /** One occurrence per event, ticket and moment: a second report of the same change is ignored. */
  dedupeKey: string;
  facts: TicketEventFacts;
}

function transitionEvents(event: TicketEvent): NotificationEvent[] {
  switch (event.transition) {
    case 'verification_failed':
      return ['request.verification_failed'];
    case 'approve':
      return ['request.approved'];
    case 'decline':
      return ['request.declined'];
  }
  switch (event.status) {
    // Entering approval: the approval rows are written by the same transaction, read at dispatch.
    case 'waiting_for_approval':
      return ['approval.requested'];
    case 'waiting_for_customer':
      return ['request.fulfilled'];
    case 'need_further_support':
      return ['request.need_further_support'];
    case 'closed':
      return ['request.closed'];
    default:
      return [];
  }
}

/** Incidents, problems, changes: opened, and resolved (the request events follow the request workflow). */
function otherKindEvents(event: TicketEvent): NotificationEvent[] {
  if (event.type === 'ticket.created') return ['ticket.opened'];
  if (event.type === 'ticket.transitioned' && event.status === 'resolved') return ['ticket.resolved'];
  return [];
}

export function occurrencesOf(event: TicketEvent): TicketOccurrence[] {
  let events: NotificationEvent[];
  if (event.type === 'ticket.assigned') events = event.assigneeId ? ['ticket.assigned'] : [];
  else if (event.kind !== 'request') events = otherKindEvents(event);
  else if (event.type === 'ticket.created') events = event.requestTypeId ? ['request.filed'] : [];
  else if (event.type === 'approval.requested') events = ['approval.requested'];
  else if (event.type === 'ticket.transitioned') events = transitionEvents(event);
  else events = [];
  const facts: TicketEventFacts = {
    transition: event.transition ?? null,
    from: event.from ?? null,
    to: event.status,
    actorId: event.actor.id,
    actorLabel: event.actor.label,
  };
  return events.map((name) => ({
    event: name,
    dedupeKey: `${name}:${event.ticketId}:${event.at.toISOString()}`,
    facts,
  }));
}
