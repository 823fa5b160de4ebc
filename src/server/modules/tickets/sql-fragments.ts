// SQL fragments the tickets module owns and lends to the notifications module, which embeds them
// in its own statements (issue 18: a notification dispatch reads in one statement and writes in
// one statement). See docs/architecture.md, "a SQL fragment it owns".
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { bellMessages, ticketEventChannel } from './lifecycle.js';
import { ticketComments, ticketHistory, ticketParticipants } from './tickets.schema.js';

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

/**
 * The comment of one of these kinds that a transition wrote at `at` (the same transaction's
 * clock), as JSON `{body, data}` (null when none).
 */
export function commentAtSql(ticketId: SQLWrapper, at: SQLWrapper, kinds: readonly string[]): SQL<unknown> {
  return sql`(select json_build_object('body', ${ticketComments.body}, 'data', ${ticketComments.data})
               from ${ticketComments}
              where ${ticketComments.ticketId} = ${ticketId} and ${ticketComments.at} = ${at}
                and ${ticketComments.kind} = any(${sql.param(kinds)}::text[])
              order by ${ticketComments.id} desc limit 1)`;
}

/** The latest non-internal comment's body of these kinds written at or before `at` (null: none). */
export function latestCommentBeforeSql(
  ticketId: SQLWrapper,
  at: SQLWrapper,
  kinds: readonly string[],
): SQL<string | null> {
  return sql`(select ${ticketComments.body} from ${ticketComments}
              where ${ticketComments.ticketId} = ${ticketId} and ${ticketComments.at} <= ${at}
                and not ${ticketComments.internal} and ${ticketComments.kind} = any(${sql.param(kinds)}::text[])
              order by ${ticketComments.at} desc limit 1)`;
}

/** When the ticket last entered `status`, at or before `at` (null: never). */
export function lastEnteredSql(ticketId: SQLWrapper, status: string, at: SQLWrapper): SQL<unknown> {
  return sql`(select max(${ticketHistory.at}) from ${ticketHistory}
              where ${ticketHistory.ticketId} = ${ticketId} and ${ticketHistory.toStatus} = ${status}
                and ${ticketHistory.at} <= ${at})`;
}
