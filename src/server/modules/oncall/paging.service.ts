// Paging: an incident opened on a service pages the service's escalation policy. Each level
// notifies its targets (users; whoever a schedule has on call then; a team's members) in-app, by
// email (a job, with a signed single-use acknowledge link) and on the policy's chat webhook, and
// schedules its timeout as a job in the same transaction. A timeout moves to the next level, loops
// `repeat` times, then gives up; an acknowledgement stops it. Each step is on the incident's timeline.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, systemActor, type Tx, withTransaction } from '../../db/client.js';
import { cancelJob } from '../../jobs/queue.js';
import { conflict, forbidden, notFound } from '../../lib/errors.js';
import { teamMemberIds, usersByIds } from '../identity/index.js';
import { addTimeline, type IncidentOpened, type IncidentOpenedListener } from '../incidents/index.js';
import { newActionNonce, tellInApp } from '../notifications/index.js';
import { oncallJobs } from './oncall.jobs.js';
import { escalationPolicies, oncallPages, pageRecipients } from './oncall.schema.js';
import { getPolicy, type PolicyRow, policiesForServices } from './policies.service.js';
import { whoIsOnCall } from './rotation.js';
import { definitionOf, getSchedule, overridesOf } from './schedules.service.js';

export type PageRow = typeof oncallPages.$inferSelect;
export type AckVia = 'link' | 'app' | 'api';

const escalationKey = (pageId: string) => `oncall-escalate:${pageId}`;

/** The active people a level's targets name at `at`, each once. */
async function recipientsOf(db: Queryable, level: PolicyRow['levels'][number], at: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const target of level.targets) {
    if (target.type === 'user') ids.push(target.id);
    else if (target.type === 'team') ids.push(...(await teamMemberIds(db, target.id)));
    else {
      const schedule = await getSchedule(db, target.id).catch(() => undefined);
      if (schedule)
        ids.push(...whoIsOnCall(definitionOf(schedule, await overridesOf(db, [schedule.id], at)), at));
    }
  }
  const found = await usersByIds(db, ids);
  return [...new Set(ids)].filter((id) => found.get(id)?.active);
}

/** Notifies a level of a page and schedules its timeout, in the caller's transaction. */
async function notifyLevel(
  context: AppContext,
  tx: Tx,
  page: PageRow,
  policy: PolicyRow,
  level: number,
  loop: number,
  actor: Actor,
  now: Date,
): Promise<void> {
  const step = policy.levels[level]!;
  const userIds = await recipientsOf(tx, step, now);
  const nextAt = new Date(now.getTime() + step.timeoutMinutes * context.config.oncallMinuteMs);
  await tx
    .update(oncallPages)
    .set({ level, loop, nextEscalationAt: nextAt })
    .where(eq(oncallPages.id, page.id));
  if (userIds.length > 0) {
    await tx
      .insert(pageRecipients)
      .values(
        userIds.map((userId) => ({
          pageId: page.id,
          userId,
          level,
          loop,
          notifiedAt: now,
          nonce: newActionNonce(),
        })),
      )
      .onConflictDoNothing();
    await tellInApp(tx, {
      userIds,
      ticketId: page.ticketId,
      event: 'oncall.page',
      title: `You are paged: ${page.ticketKey} ${page.title}`,
      url: `${context.config.publicUrl}/oncall/pages`,
      dedupeKey: `oncall-page:${page.id}:${level}:${loop}`,
    });
    await oncallJobs.enqueueMany(
      tx,
      'oncall.email',
      userIds.map((userId) => ({ payload: { pageId: page.id, userId, level, loop } })),
    );
  }
  if (policy.chatWebhookId) await oncallJobs.enqueue(tx, 'oncall.chat', { pageId: page.id, level, loop });
  await oncallJobs.enqueue(
    tx,
    'oncall.escalate',
    { pageId: page.id, level, loop },
    { runAt: nextAt, jobKey: escalationKey(page.id) },
  );
  const people = await usersByIds(tx, userIds);
  const names = userIds.map((id) => people.get(id)!.displayName).join(', ') || 'nobody (no one on call)';
  const first = level === 0 && loop === 0;
  await addTimeline(tx, page.ticketId, {
    kind: first ? 'page' : 'escalation',
    actor,
    at: now,
    body: `${first ? `Paged ${policy.name}` : 'Escalated'}: level ${level + 1}${loop > 0 ? ` (round ${loop + 1})` : ''} notified ${names}; escalates in ${step.timeoutMinutes} min unless acknowledged.`,
    data: { pageId: page.id, level: level + 1, loop, userIds },
  });
}

/** Pages the policy of the incident's service (the named one first, then those it reaches), once per policy. */
export function pageOnIncidentOpened(context: AppContext): IncidentOpenedListener {
  return async (tx, event: IncidentOpened) => {
    const serviceIds = [...new Set([...(event.serviceId ? [event.serviceId] : []), ...event.serviceIds])];
    const policies = await policiesForServices(tx, serviceIds);
    const paged = new Set<string>();
    for (const serviceId of serviceIds) {
      const policyId = policies.get(serviceId);
      if (!policyId || paged.has(policyId)) continue;
      paged.add(policyId);
      const policy = await getPolicy(tx, policyId);
      const [page] = await tx
        .insert(oncallPages)
        .values({
          ticketId: event.ticketId,
          policyId,
          serviceId,
          ticketKey: event.ticketKey,
          title: event.title,
          status: 'triggered',
          openedAt: event.at,
        })
        .returning();
      await notifyLevel(context, tx, page!, policy, 0, 0, systemActor('oncall'), event.at);
    }
  };
}

/** The timeout job: the next level, the first again (repeat), or nobody answered. A stale job does nothing. */
export async function escalate(
  context: AppContext,
  payload: { pageId: string; level: number; loop: number },
) {
  const actor = systemActor('oncall');
  await withTransaction(context.db, actor, async (tx) => {
    const [page] = await tx
      .select()
      .from(oncallPages)
      .where(eq(oncallPages.id, payload.pageId))
      .for('update');
    if (page?.status !== 'triggered' || page.level !== payload.level || page.loop !== payload.loop) return;
    const [policy] = await tx
      .select()
      .from(escalationPolicies)
      .where(eq(escalationPolicies.id, page.policyId));
    if (!policy) return;
    const now = context.clock.now();
    if (page.level + 1 < policy.levels.length)
      return notifyLevel(context, tx, page, policy, page.level + 1, page.loop, actor, now);
    if (page.loop < policy.repeat)
      return notifyLevel(context, tx, page, policy, 0, page.loop + 1, actor, now);
    await tx
      .update(oncallPages)
      .set({ status: 'exhausted', nextEscalationAt: null })
      .where(eq(oncallPages.id, page.id));
    await addTimeline(tx, page.ticketId, {
      kind: 'escalation',
      actor,
      at: now,
      body: `Nobody acknowledged the page of ${policy.name} after ${policy.repeat + 1} round(s): escalation stopped.`,
      data: { pageId: page.id, exhausted: true },
    });
  });
}

/** Acknowledges a page as someone it notified: the escalation stops; once only. */
export async function acknowledgePage(
  context: AppContext,
  actor: Actor,
  pageId: string,
  userId: string,
  via: AckVia,
  options: { inTransaction?: (tx: Tx) => Promise<void> } = {},
): Promise<PageRow> {
  return withTransaction(context.db, actor, async (tx) => {
    const [page] = await tx.select().from(oncallPages).where(eq(oncallPages.id, pageId)).for('update');
    if (!page) throw notFound('The page');
    const notified = await tx
      .select({ userId: pageRecipients.userId })
      .from(pageRecipients)
      .where(and(eq(pageRecipients.pageId, pageId), eq(pageRecipients.userId, userId)));
    if (notified.length === 0)
      throw forbidden('Only someone this page notified may acknowledge it.', 'not_paged');
    if (page.status === 'acknowledged') {
      const by = page.acknowledgedBy
        ? (await usersByIds(tx, [page.acknowledgedBy])).get(page.acknowledgedBy)
        : null;
      throw conflict(
        'already_acknowledged',
        `${page.ticketKey} was acknowledged already${by ? ` by ${by.displayName}` : ''}.`,
      );
    }
    const now = context.clock.now();
    const [updated] = await tx
      .update(oncallPages)
      .set({
        status: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: userId,
        acknowledgedVia: via,
        nextEscalationAt: null,
      })
      .where(eq(oncallPages.id, pageId))
      .returning();
    await cancelJob(tx, escalationKey(pageId));
    await options.inTransaction?.(tx);
    const who = (await usersByIds(tx, [userId])).get(userId)!;
    const seconds = Math.round((now.getTime() - page.openedAt.getTime()) / 1000);
    await addTimeline(tx, page.ticketId, {
      kind: 'acknowledgement',
      actor,
      at: now,
      body: `${who.displayName} acknowledged the page (${via === 'link' ? 'emailed link' : via === 'app' ? 'in the app' : 'API'}) after ${seconds} s: escalation stopped.`,
      data: { pageId, userId, via, seconds },
    });
    return updated!;
  });
}

export async function pagesOf(db: Queryable, filter: { userId?: string; status?: PageRow['status'] }) {
  const pageIds = filter.userId
    ? (
        await db
          .selectDistinct({ pageId: pageRecipients.pageId })
          .from(pageRecipients)
          .where(eq(pageRecipients.userId, filter.userId))
      ).map((row) => row.pageId)
    : undefined;
  if (pageIds && pageIds.length === 0) return [];
  return db
    .select()
    .from(oncallPages)
    .where(
      and(
        pageIds ? inArray(oncallPages.id, pageIds) : undefined,
        filter.status ? eq(oncallPages.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(oncallPages.openedAt))
    .limit(200);
}

export async function getPage(db: Queryable, id: string): Promise<PageRow> {
  const [page] = await db.select().from(oncallPages).where(eq(oncallPages.id, id));
  if (!page) throw notFound('The page');
  return page;
}

export async function recipientsOfPages(db: Queryable, pageIds: string[]) {
  if (pageIds.length === 0) return [];
  return db.select().from(pageRecipients).where(inArray(pageRecipients.pageId, pageIds));
}
