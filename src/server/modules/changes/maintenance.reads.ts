// Approved maintenance that happened, for availability reports: changes on any of the CIs that were
// implemented, each window being the implementation (actual start to end, or on until now) kept
// inside the planned window it was approved for — an overrun is not maintenance.
import { param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { ticketKeysByIds } from '../tickets/index.js';
import { changeCis, changes } from './changes.schema.js';

export interface MaintenanceWindow {
  key: string;
  start: Date;
  end: Date;
}

export async function maintenanceWindowsOn(
  db: Queryable,
  ciIds: readonly string[],
  from: Date,
  to: Date,
): Promise<MaintenanceWindow[]> {
  if (ciIds.length === 0) return [];
  const rows = await db.execute<{ ticket_id: string; start: string; end: string }>(sql`
    select c.ticket_id,
           greatest(c.actual_start, c.planned_start) as start,
           least(coalesce(c.actual_end, ${to.toISOString()}::timestamptz), c.planned_end) as end
      from ${changes} c
     where c.actual_start is not null
       and exists (select 1 from ${changeCis} cc
                    where cc.ticket_id = c.ticket_id and cc.ci_id = any(${param([...ciIds])}::uuid[]))
       and c.actual_start < ${to.toISOString()}::timestamptz
       and coalesce(c.actual_end, ${to.toISOString()}::timestamptz) > ${from.toISOString()}::timestamptz`);
  const keys = await ticketKeysByIds(
    db,
    rows.rows.map((row) => row.ticket_id),
  );
  return rows.rows
    .map((row) => ({
      key: keys.get(row.ticket_id) ?? '',
      start: new Date(row.start),
      end: new Date(row.end),
    }))
    .filter((window) => window.end.getTime() > window.start.getTime());
}
