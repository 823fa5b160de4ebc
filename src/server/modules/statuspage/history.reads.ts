// The status history read by other practices (availability reports): a service's spans that
// overlap a period, oldest first; the open span has no end.
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { ComponentStatus } from './status.js';
import { statusSpans } from './statuspage.schema.js';

export interface StatusSpan {
  status: ComponentStatus;
  startedAt: Date;
  endedAt: Date | null;
}

export async function statusHistoryOf(
  db: Queryable,
  serviceId: string,
  from: Date,
  to: Date,
): Promise<StatusSpan[]> {
  const rows = await db
    .select({ status: statusSpans.status, startedAt: statusSpans.startedAt, endedAt: statusSpans.endedAt })
    .from(statusSpans)
    .where(
      and(
        eq(statusSpans.serviceId, serviceId),
        lt(statusSpans.startedAt, to),
        or(isNull(statusSpans.endedAt), gt(statusSpans.endedAt, from)),
      ),
    )
    .orderBy(asc(statusSpans.startedAt));
  return rows.map((row) => ({ ...row, status: row.status as ComponentStatus }));
}
