// The live-update announcement that people have new in-app notifications, as an SQL fragment the
// notifications module sends inside its own statement (issue 18: the dispatch of an occurrence
// is one statement). The same message `notifyUsers` sends at a transaction's COMMIT.
import { type SQL, sql } from 'drizzle-orm';
import { ticketEventChannel } from './lifecycle.js';

/** `pg_notify` of the bell's message for `userIds` (an expression returning void). */
export function notifyUsersSql(userIds: readonly string[]): SQL {
  const message = JSON.stringify({ type: 'notification', userIds: [...new Set(userIds)] });
  return sql`pg_notify(${ticketEventChannel}::text, ${message}::text)`;
}
