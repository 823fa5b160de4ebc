// Every kind of work is a ticket: one key sequence per kind (REQ-, INC-, PRB-, CHG-).
import { sql } from 'drizzle-orm';
import { priorities, ticketKinds } from '../../../shared/api/tickets.js';
import type { Queryable } from '../../db/client.js';

export { priorities, ticketKinds };
export type TicketKind = (typeof ticketKinds)[number];

export const keyPrefixes: Readonly<Record<TicketKind, string>> = {
  request: 'REQ',
  incident: 'INC',
  problem: 'PRB',
  change: 'CHG',
};

export type Priority = (typeof priorities)[number];

/** The next number of a kind's own sequence and the key it makes (gaps are possible, never repeats). */
export async function nextTicketKey(
  tx: Queryable,
  kind: TicketKind,
): Promise<{ number: number; key: string }> {
  const result = await tx.execute<{ number: number }>(
    sql`select nextval(${`ticket_number_${kind}`}::regclass)::int as number`,
  );
  const number = result.rows[0]!.number;
  return { number, key: `${keyPrefixes[kind]}-${number}` };
}
