// The status history: each service's derived status is compared with its open span, and a change
// closes that span and opens one in the new status. Run after every change that may move a status
// (a job enqueued with the change) and every minute (maintenance windows begin and end by time).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Db, systemActor, withTransaction } from '../../db/client.js';
import { statusPageServices } from '../cmdb/index.js';
import { currentStatuses } from './snapshot.service.js';
import { statusSpans } from './statuspage.schema.js';

/** Records status changes of every service (public or not); returns how many changed. */
export async function recordStatuses(db: Db, now: Date): Promise<number> {
  return withTransaction(db, systemActor('statuspage'), async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('opsdesk.status_spans'))`);
    const services = await statusPageServices(tx, { includeInternal: true });
    const statuses = await currentStatuses(tx, services, now);
    const open = await tx.select().from(statusSpans).where(isNull(statusSpans.endedAt));
    const openByService = new Map(open.map((span) => [span.serviceId, span]));
    let changed = 0;
    for (const service of services) {
      const status = statuses.get(service.id)!.status;
      const span = openByService.get(service.id);
      if (span?.status === status) continue;
      if (span) {
        await tx
          .update(statusSpans)
          .set({ endedAt: now })
          .where(and(eq(statusSpans.id, span.id), isNull(statusSpans.endedAt)));
      }
      await tx.insert(statusSpans).values({ serviceId: service.id, status, startedAt: now });
      changed++;
    }
    return changed;
  });
}
