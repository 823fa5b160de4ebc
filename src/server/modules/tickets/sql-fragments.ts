// SQL fragments the tickets module owns and lends to the notifications module, which embeds them
// in its own statements (issue 18: a notification dispatch reads in one statement and writes in
// one statement). See docs/architecture.md, "a SQL fragment it owns".
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { bellMessages, ticketEventChannel } from './lifecycle.js';
import { ticketParticipants } from './tickets.schema.js';

/**
 * `pg_notify` of the bell's messages for `userIds` (expressions returning void, comma-separated
 * for a select list): the messages `notifyUsers` sends at a transaction's COMMIT.
 */
export function notifyUsersSql(userIds: readonly string[]): SQL {
  return sql.join(
    bellMessages(userIds).map((message) => sql`pg_notify(${ticketEventChannel}::text, ${message}::text)`),
    sql`, `,
  );
}

/** The ids (text[]) of the ticket's active participants (approvers, watchers, …), whatever their role. */
export function activeParticipantIdsSql(ticketId: SQLWrapper): SQL<string[] | null> {
  return sql`(select array_agg(${ticketParticipants.userId}::text) from ${ticketParticipants}
               where ${ticketParticipants.ticketId} = ${ticketId} and ${ticketParticipants.active})`;
}
