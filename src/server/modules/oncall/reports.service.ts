// On-call reports over a window (default: the last 28 days): time to acknowledge per service and
// per responder (medians), and pages per person per ISO week (load fairness: who carries the pager).
import { and, count, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cisByIds } from '../cmdb/index.js';
import { usersByIds } from '../identity/index.js';
import { oncallPages, pageRecipients } from './oncall.schema.js';

const ackSeconds = sql<
  number | null
>`percentile_cont(0.5) within group (order by extract(epoch from ${oncallPages.acknowledgedAt} - ${oncallPages.openedAt}))`;

export async function oncallReport(db: Queryable, from: Date, to: Date) {
  const inWindow = and(gte(oncallPages.openedAt, from), lt(oncallPages.openedAt, to));
  const byService = await db
    .select({
      serviceId: oncallPages.serviceId,
      pages: count(),
      acknowledged: count(oncallPages.acknowledgedAt),
      median: ackSeconds,
    })
    .from(oncallPages)
    .where(inWindow)
    .groupBy(oncallPages.serviceId);
  const byResponder = await db
    .select({ userId: oncallPages.acknowledgedBy, acknowledged: count(), median: ackSeconds })
    .from(oncallPages)
    .where(and(inWindow, isNotNull(oncallPages.acknowledgedBy)))
    .groupBy(oncallPages.acknowledgedBy);
  const week = sql<string>`to_char(${pageRecipients.notifiedAt} at time zone 'UTC', 'IYYY-"W"IW')`;
  const perWeek = await db
    .select({
      userId: pageRecipients.userId,
      week,
      pages: sql<number>`count(distinct ${pageRecipients.pageId})::int`,
    })
    .from(pageRecipients)
    .where(and(gte(pageRecipients.notifiedAt, from), lt(pageRecipients.notifiedAt, to)))
    .groupBy(pageRecipients.userId, week)
    .orderBy(week, pageRecipients.userId);
  const services = await cisByIds(
    db,
    byService.flatMap((row) => (row.serviceId ? [row.serviceId] : [])),
  );
  const people = await usersByIds(db, [
    ...byResponder.flatMap((row) => (row.userId ? [row.userId] : [])),
    ...perWeek.map((row) => row.userId),
  ]);
  const ref = (id: string) => ({ id, name: people.get(id)?.displayName ?? 'unknown user' });
  const seconds = (value: number | string | null) => (value === null ? null : Math.round(Number(value)));
  return {
    from,
    to,
    byService: byService.map((row) => ({
      service: row.serviceId ? (services.get(row.serviceId)?.name ?? 'removed service') : 'no service',
      pages: row.pages,
      acknowledged: row.acknowledged,
      medianAckSeconds: seconds(row.median),
    })),
    byResponder: byResponder.map((row) => ({
      user: ref(row.userId!),
      acknowledged: row.acknowledged,
      medianAckSeconds: seconds(row.median),
    })),
    perPersonWeek: perWeek.map((row) => ({
      user: ref(row.userId),
      week: row.week,
      pages: Number(row.pages),
    })),
  };
}
