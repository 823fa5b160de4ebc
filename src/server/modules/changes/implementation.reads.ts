// When a change was implemented, for before/after comparisons (availability reports): its actual
// start and end, by key; a 400 naming the field when there is no such change or it was not
// implemented yet.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { invalidField } from '../../lib/errors.js';
import { findTicketByKey } from '../tickets/index.js';
import { changes } from './changes.schema.js';

export interface ChangeImplementation {
  key: string;
  title: string;
  start: Date;
  /** Null while it goes on. */
  end: Date | null;
}

export async function changeImplementation(
  context: AppContext,
  key: string,
  field = 'change',
): Promise<ChangeImplementation> {
  const ticket = await findTicketByKey(context, key);
  if (ticket?.kind !== 'change') throw invalidField(field, `there is no change ${key}.`, 'unknown_change');
  const [row] = await context.db
    .select({ start: changes.actualStart, end: changes.actualEnd })
    .from(changes)
    .where(eq(changes.ticketId, ticket.id));
  if (!row?.start)
    throw invalidField(field, `${ticket.key} has not been implemented yet.`, 'not_implemented');
  return { key: ticket.key, title: ticket.title, start: row.start, end: row.end };
}
