// A ticket as GET /api/v1/tickets/{key} serves it, and its fulfilment runs: the types come from
// the API contract (src/shared/api/tickets.ts), as JSON carries them (dates as ISO strings).
import type { requestTypeOut } from '../../shared/api/catalog';
import type { Wire } from '../../shared/api/common';
import type { ticketOut, ticketRunsOut } from '../../shared/api/tickets';

export type Ticket = Wire<typeof ticketOut>;
export type HistoryEntry = Ticket['history'][number];
export type TicketComment = Ticket['comments'][number];
export type FulfilmentRun = Wire<typeof ticketRunsOut>[number];
/** GET /api/v1/catalog/request-types/{key}: the form fields give the ticket's fields their labels. */
export type RequestTypeDefinition = Wire<typeof requestTypeOut>;

export const ticketKey = (key: string) => ['ticket', key] as const;
export const runsKey = (key: string) => ['ticket', key, 'runs'] as const;
