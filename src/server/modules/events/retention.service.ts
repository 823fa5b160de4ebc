// Retention: resolved alerts older than the configured age are summarised per day (by service, CI,
// site and severity) and pruned with their occurrences, in one transaction per batch.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { systemActor, withTransaction } from '../../db/client.js';
import { alertDaySummaries, alerts } from './events.schema.js';
import { settingsOf } from './settings.service.js';

export async function pruneAlerts(context: AppContext, now: Date): Promise<number> {
  const { retentionDays } = await settingsOf(context.db);
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  let pruned = 0;
  for (;;) {
    const count = await withTransaction(context.db, systemActor('prune'), async (tx) => {
      const result = await tx.execute<{ n: number }>(sql`
        with old as (
          delete from ${alerts}
           where id in (select id from ${alerts}
                         where status = 'resolved' and resolved_at < ${before.toISOString()}::timestamptz
                         limit 5000)
          returning first_seen_at, service_id, ci_id, site_id, severity, occurrences
        ), summary as (
          insert into ${alertDaySummaries} (day, service_id, ci_id, site_id, severity, alerts, occurrences)
          select (first_seen_at at time zone 'UTC')::date, service_id, ci_id, site_id, severity, count(*), sum(occurrences)
            from old group by 1, 2, 3, 4, 5
          returning 1
        )
        select (select count(*) from old)::int as n, (select count(*) from summary)::int as s`);
      return result.rows[0]?.n ?? 0;
    });
    pruned += count;
    if (count < 5000) return pruned;
  }
}
