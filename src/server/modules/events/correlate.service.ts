// Alerts become incidents (the events.correlate job; one queue, so a storm cannot open two): an
// alert meeting an `open_incident` rule joins the open incident of its storm — an alert within
// the rule's window on the same CI, on a CI it depends on or that depends on it, or on a sibling
// behind the same upstream CI — or opens one. The probable root cause is the alerting CI the
// others depend on. When every alert of the incident has resolved, the incident is resolved (or
// marked), as the rule says. A flapping alert may join an incident but opens none.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { systemActor, type Tx, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { cisByIds, impactOf as cmdbImpactOf } from '../cmdb/index.js';
import { findTeamByKey } from '../identity/index.js';
import {
  addAffected,
  addTimeline,
  openInTransaction,
  priorityMatrix,
  priorityOf,
} from '../incidents/index.js';
import {
  fireTransition,
  lockTicket,
  type Priority,
  priorities,
  setPriority,
  systemRoles,
  ticketsByIds,
} from '../tickets/index.js';
import { notifyAlerts } from './alerts.live.js';
import { alertActionRules, alerts, eventIncidents, eventIntegrations } from './events.schema.js';
import { type ActionRule, impactOf, ruleFor, urgencyOf } from './rules.js';

const actor = systemActor('events');
type AlertRow = typeof alerts.$inferSelect;

const rulesCache = ttlCache<ActionRule[]>(5_000, 1);

// A storm asks the same impact questions once per alert (the router's dependents for each of the
// 49 servers behind it): answers are kept two seconds, far shorter than any storm window.
const impactCache = ttlCache<Awaited<ReturnType<typeof cmdbImpactOf>>>(2_000, 5_000);
const cmdbImpact = async (
  db: Parameters<typeof cmdbImpactOf>[0],
  id: string,
  direction: 'up' | 'down',
  depth: number,
) => (await impactCache.get(`${id}:${direction}:${depth}`, () => cmdbImpactOf(db, id, direction, depth)))!;
export const forgetActionRules = () => rulesCache.clear();

export async function actionRules(context: AppContext): Promise<ActionRule[]> {
  return (await rulesCache.get('all', async () =>
    (
      await context.db
        .select()
        .from(alertActionRules)
        .orderBy(asc(alertActionRules.position), asc(alertActionRules.createdAt))
    ).map((row) => ({ ...row, id: row.id })),
  ))!;
}

/** CIs whose alerts belong to the same storm as an alert on `ciId`. */
async function neighbourhood(context: AppContext, ciId: string): Promise<string[]> {
  const ids = new Set([ciId]);
  const up = await cmdbImpact(context.db, ciId, 'up', 3);
  for (const entry of up) ids.add(entry.id);
  for (const entry of await cmdbImpact(context.db, ciId, 'down', 3)) ids.add(entry.id);
  for (const entry of up.filter(
    (item) => item.depth <= 2 && item.ci.classKey !== 'service' && item.ci.classKey !== 'site',
  ))
    for (const sibling of await cmdbImpact(context.db, entry.id, 'down', 3)) ids.add(sibling.id);
  return [...ids];
}

async function stormIncident(context: AppContext, alert: AlertRow, now: Date): Promise<string | null> {
  const scope = alert.ciId
    ? inArray(alerts.ciId, await neighbourhood(context, alert.ciId))
    : alert.serviceId
      ? eq(alerts.serviceId, alert.serviceId)
      : null;
  if (!scope) return null;
  const candidates = await context.db
    .select({
      ticketId: eventIncidents.ticketId,
      windowMinutes: eventIncidents.windowMinutes,
      last: eventIncidents.lastAlertAt,
    })
    .from(alerts)
    .innerJoin(eventIncidents, eq(eventIncidents.ticketId, alerts.incidentId))
    .where(and(eq(eventIncidents.open, true), scope, ne(alerts.id, alert.id)))
    .orderBy(asc(eventIncidents.lastAlertAt))
    .limit(50);
  const fresh = candidates.filter((row) => row.last.getTime() >= now.getTime() - row.windowMinutes * 60_000);
  if (fresh.length === 0) return null;
  const tickets = await ticketsByIds(
    context.db,
    fresh.map((row) => row.ticketId),
  );
  for (const row of fresh) {
    if (tickets.get(row.ticketId)?.resolvedAt === null) return row.ticketId;
    await context.db
      .update(eventIncidents)
      .set({ open: false })
      .where(eq(eventIncidents.ticketId, row.ticketId));
  }
  return null;
}

export async function correlate(context: AppContext, alertId: string): Promise<void> {
  const [alert] = await context.db.select().from(alerts).where(eq(alerts.id, alertId));
  if (!alert) return;
  const now = context.clock.now();
  if (alert.status === 'resolved') {
    if (alert.incidentId) await resolveIfAllResolved(context, alert.incidentId, now);
    return;
  }
  if (alert.status === 'suppressed' || alert.status === 'maintenance') return;
  if (alert.incidentId) {
    const ticket = (await ticketsByIds(context.db, [alert.incidentId])).get(alert.incidentId);
    if (ticket && ticket.resolvedAt === null) return;
  }
  const rule = ruleFor(await actionRules(context), alert);
  if (!rule || rule.action === 'record') return;
  const joined = await stormIncident(context, alert, now);
  if (joined) {
    const { priority } = await priorityFor(context, alert);
    await withTransaction(context.db, actor, (tx) => attach(tx, alert, joined, priority, now));
    return;
  }
  if (alert.flapping) return;
  await openFor(context, alert, rule, now);
}

/** The priority an incident of this alert has: its service's criticality × its severity. */
async function priorityFor(context: AppContext, alert: AlertRow) {
  const cis = await cisByIds(
    context.db,
    [alert.ciId, alert.serviceId].filter((id): id is string => Boolean(id)),
  );
  const service = alert.serviceId ? cis.get(alert.serviceId) : undefined;
  const impact = impactOf(service?.attributes.criticality);
  const urgency = urgencyOf(alert.severity);
  return { cis, impact, urgency, priority: priorityOf(await priorityMatrix(context.db), impact, urgency) };
}

async function attach(
  tx: Tx,
  alert: AlertRow,
  ticketId: string,
  priority: Priority,
  now: Date,
): Promise<void> {
  await tx.update(alerts).set({ incidentId: ticketId }).where(eq(alerts.id, alert.id));
  const ticket = await lockTicket(tx, ticketId);
  // A joining alert on a more critical service raises the storm's incident.
  if (priorities.indexOf(priority) < priorities.indexOf(ticket.priority as Priority)) {
    await setPriority(tx, ticketId, priority, actor, now);
    await addTimeline(tx, ticketId, {
      kind: 'impact',
      actor,
      at: now,
      body: `Priority raised to ${priority}: an alert of the storm reaches a more critical service.`,
    });
  }
  await tx.update(eventIncidents).set({ lastAlertAt: now }).where(eq(eventIncidents.ticketId, ticketId));
  const named = alert.ciId ? (await cisByIds(tx, [alert.ciId])).get(alert.ciId) : undefined;
  if (alert.ciId) await addAffected(tx, ticketId, [alert.ciId]);
  await addTimeline(tx, ticketId, {
    kind: 'alert',
    actor,
    at: now,
    body: `Alert joined: ${alert.summary}${named ? ` on ${named.name}` : ''} (${alert.severity}).`,
    data: { alertId: alert.id, fingerprint: alert.fingerprint },
  });
  if (alert.ciId) await updateRootCause(tx, ticketId, alert.ciId, now);
}

/** The new alerting CI becomes the probable root cause when the current one depends on it. */
async function updateRootCause(tx: Tx, ticketId: string, ciId: string, now: Date): Promise<void> {
  const [incident] = await tx
    .select()
    .from(eventIncidents)
    .where(eq(eventIncidents.ticketId, ticketId))
    .for('update');
  if (!incident || incident.rootCiId === ciId) return;
  if (incident.rootCiId) {
    const dependents = await cmdbImpact(tx, ciId, 'down', 12);
    if (!dependents.some((entry) => entry.id === incident.rootCiId)) return;
  }
  await tx.update(eventIncidents).set({ rootCiId: ciId }).where(eq(eventIncidents.ticketId, ticketId));
  const alerting = await tx
    .select({ ciId: alerts.ciId })
    .from(alerts)
    .where(and(eq(alerts.incidentId, ticketId), ne(alerts.status, 'resolved')));
  const dependents = new Set((await cmdbImpact(tx, ciId, 'down', 12)).map((entry) => entry.id));
  const behind = new Set(
    alerting.map((row) => row.ciId).filter((id): id is string => Boolean(id && dependents.has(id))),
  );
  const ci = (await cisByIds(tx, [ciId])).get(ciId)!;
  await addTimeline(tx, ticketId, {
    kind: 'alert',
    actor,
    at: now,
    body: `Probable root cause: ${ci.name} (${ci.classKey})${behind.size > 0 ? `: ${behind.size} other alerting CI${behind.size === 1 ? '' : 's'} depend on it` : ''}.`,
    data: { rootCause: ciId },
  });
}

async function openFor(context: AppContext, alert: AlertRow, rule: ActionRule, now: Date): Promise<void> {
  const [integration] = await context.db
    .select()
    .from(eventIntegrations)
    .where(eq(eventIntegrations.id, alert.integrationId));
  const { cis, impact, urgency, priority } = await priorityFor(context, alert);
  const ci = alert.ciId ? cis.get(alert.ciId) : undefined;
  const service = alert.serviceId ? cis.get(alert.serviceId) : undefined;
  const teamId =
    ci?.teamId ??
    service?.teamId ??
    (await findTeamByKey(context.db, context.config.defaultTeam))?.id ??
    null;
  await withTransaction(context.db, actor, async (tx) => {
    const ticket = await openInTransaction(
      tx,
      actor,
      integration!.createdBy,
      {
        title: `${alert.summary}${ci ? ` on ${ci.name}` : ''}`.slice(0, 300),
        description:
          `Opened by the alert rule "${rule.name}" from ${integration!.name}.\n\n${alert.description}`.trim(),
        impact,
        urgency,
      },
      {
        source: 'event',
        teamId,
        assigneeId: null,
        affected: [...cis.values()],
        serviceId: service?.id ?? null,
        priority,
        now,
        startedAt: alert.firstSeenAt,
      },
    );
    await tx.insert(eventIncidents).values({
      ticketId: ticket.id,
      rootCiId: null,
      windowMinutes: rule.windowMinutes,
      onAllResolved: rule.onAllResolved,
      open: true,
      lastAlertAt: now,
    });
    await tx.update(alerts).set({ incidentId: ticket.id }).where(eq(alerts.id, alert.id));
    await notifyAlerts(tx, 1);
    await addTimeline(tx, ticket.id, {
      kind: 'alert',
      actor,
      at: now,
      body: `Alert: ${alert.summary}${ci ? ` on ${ci.name}` : ''} (${alert.severity}).`,
      data: { alertId: alert.id, fingerprint: alert.fingerprint },
    });
    if (alert.ciId) await updateRootCause(tx, ticket.id, alert.ciId, now);
  });
}

async function resolveIfAllResolved(context: AppContext, ticketId: string, now: Date): Promise<void> {
  const [incident] = await context.db
    .select()
    .from(eventIncidents)
    .where(eq(eventIncidents.ticketId, ticketId));
  if (!incident?.open) return;
  const open = await context.db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.incidentId, ticketId), ne(alerts.status, 'resolved')))
    .limit(1);
  if (open.length > 0) return;
  const total = await context.db
    .select({ id: alerts.id })
    .from(alerts)
    .where(eq(alerts.incidentId, ticketId));
  await withTransaction(context.db, actor, async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    const body = `All ${total.length} alert${total.length === 1 ? '' : 's'} of this incident have resolved.`;
    if (incident.onAllResolved === 'resolve' && ticket.resolvedAt === null) {
      await fireTransition(tx, {
        ticket,
        name: 'resolve',
        actor,
        roles: systemRoles,
        now,
        comment: { body: `${body} Resolved automatically.`, internal: false },
      });
      await tx.update(eventIncidents).set({ open: false }).where(eq(eventIncidents.ticketId, ticketId));
    } else if (incident.onAllResolved !== 'nothing') {
      await addTimeline(tx, ticketId, { kind: 'alert', actor, at: now, body });
    }
  });
}
