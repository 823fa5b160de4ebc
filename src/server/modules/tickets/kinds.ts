// Every kind of work is a ticket: one key sequence per kind (REQ-, INC-, PRB-, CHG-).
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';

export const ticketKinds = ['request', 'incident', 'problem', 'change'] as const;
export type TicketKind = (typeof ticketKinds)[number];

export const keyPrefixes: Readonly<Record<TicketKind, string>> = {
  request: 'REQ',
  incident: 'INC',
  problem: 'PRB',
  change: 'CHG',
};

export const priorities = ['critical', 'high', 'moderate', 'low', 'planning'] as const;
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
