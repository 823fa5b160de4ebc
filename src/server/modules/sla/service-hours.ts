// Service hours for availability reports: a calendar's working intervals over a range, looked up
// by its key (a 400 naming the field when there is no such calendar).
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { workingIntervals } from './calendar.js';
import { slaCalendars } from './sla.schema.js';

export async function serviceHoursOf(
  db: Queryable,
  key: string,
  from: Date,
  to: Date,
  field = 'calendar',
): Promise<{ name: string; intervals: Array<{ from: Date; to: Date }> }> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.key, key));
  if (!row) throw invalidField(field, `there is no calendar ${key}.`, 'unknown_calendar');
  return { name: row.definition.name, intervals: workingIntervals(row.definition, from, to) };
}
