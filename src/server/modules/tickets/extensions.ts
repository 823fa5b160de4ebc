// The shapes of what practice modules add to the ticket core (see `TicketExtensions` in
// lifecycle.ts): parts of a ticket's view, fields of list rows, search filters on their own tables.
import type { AnyColumn, SQL, SQLWrapper } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { TicketRow } from './lifecycle.js';
import type { Viewer } from './visibility.js';

/** Data a practice adds to GET /tickets/{key} (e.g. approvals, fulfilment runs, an incident's impact). */
export interface TicketViewPart {
  name: string;
  /** Only for tickets of these kinds (all when absent). */
  kinds?: readonly string[];
  load(db: Queryable, ticket: TicketRow, viewer: Viewer, now: Date): Promise<Record<string, unknown>>;
  /**
   * The part's rows as one SQL value (a JSON subquery on the practice's own tables, given the
   * ticket's id): the view reads it in its own statement (issue 18: one round trip fewer per part)
   * and hands it to `fromColumn` instead of calling `load`.
   */
  column?(ticketId: SQLWrapper): SQL;
  fromColumn?(
    db: Queryable,
    value: unknown,
    ticket: TicketRow,
    viewer: Viewer,
    now: Date,
  ): Promise<Record<string, unknown>>;
}

/** Fields a practice adds to every row of a ticket list, loaded for a whole page at once. */
export interface TicketSummaryPart {
  name: string;
  load(db: Queryable, rows: readonly TicketRow[], now: Date): Promise<Map<string, Record<string, unknown>>>;
}

/** A search parameter served by a practice's own tables: an SQL condition on the ticket's id. */
export type TicketSearchFilter = (ticketId: AnyColumn, value: string, now: Date) => SQL;

/**
 * Who else may see tickets of a practice (e.g. people following a service see its open incidents).
 * `condition` narrows searches (an SQL condition on the ticket's id and kind); `allows` answers for
 * one ticket. Both see the core's own rules first: a rule can only widen what a viewer sees.
 */
export interface TicketVisibilityRule {
  name: string;
  condition(
    db: Queryable,
    viewer: Viewer,
    ticket: { id: AnyColumn; kind: AnyColumn },
  ): Promise<SQL | undefined>;
  allows(db: Queryable, viewer: Viewer, ticket: TicketRow): Promise<boolean>;
}
