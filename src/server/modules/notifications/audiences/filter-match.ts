import type { SavedFilter } from '../../../../shared/api/notifications.js';

export { type SavedFilter, savedFilterSchema } from '../../../../shared/api/notifications.js';

export interface FilterableTicket {
  key: string;
  title: string;
  status: string;
  requestTypeKey: string | null;
  requesterId: string;
  requesterEmail: string;
  teamKey: string | null;
  createdAt: Date;
}

/** A date alone means the whole day (as the search reads `to`). */
const endOf = (value: string) =>
  value.length === 10 ? new Date(new Date(`${value}T00:00:00Z`).getTime() + 86_400_000) : new Date(value);

function requesterMatches(requester: string, ticket: FilterableTicket, subscriberId: string): boolean {
  if (requester === 'me') return ticket.requesterId === subscriberId;
  if (/^[0-9a-f-]{36}$/.test(requester)) return ticket.requesterId === requester;
  return ticket.requesterEmail.toLowerCase() === requester.toLowerCase();
}

export function filterMatches(filter: SavedFilter, ticket: FilterableTicket, subscriberId: string): boolean {
  // An SLA filter is a queue to look at: ticket events say nothing about SLA clocks, and warnings
  // and breaches have notifications of their own (sla.warning, sla.breach).
  if (filter.sla) return false;
  if (filter.status) {
    const statuses = filter.status.split(',').map((status) => status.trim());
    if (!statuses.includes(ticket.status)) return false;
  }
  if (filter.requestType && filter.requestType !== ticket.requestTypeKey) return false;
  if (filter.requester && !requesterMatches(filter.requester, ticket, subscriberId)) return false;
  if (filter.team && filter.team !== ticket.teamKey) return false;
  if (filter.from && ticket.createdAt < new Date(filter.from)) return false;
  if (filter.to && ticket.createdAt >= endOf(filter.to)) return false;
  if (filter.q) {
    const words = filter.q.toLowerCase();
    if (!ticket.title.toLowerCase().includes(words) && !ticket.key.toLowerCase().includes(words))
      return false;
  }
  return true;
}
