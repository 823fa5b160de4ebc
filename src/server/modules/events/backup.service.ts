// Backup and continuity: job results from `backup` integrations (each run kept once per session,
// a failed or warning run firing the job's alert, a good run resolving it), the last good backup
// of each CI, RPO targets per CI or service, and the check that raises an alert (and by rule an
// incident) when the last good backup is older than the RPO.
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, systemActor, withTransaction } from '../../db/client.js';
import { type CiRow, cisByIds, impactOf, resolveCi } from '../cmdb/index.js';
import { adminIds } from '../identity/index.js';
import { bindLabels } from './binding.service.js';
import { backupRpo, backupRuns, eventIntegrations } from './events.schema.js';
import { backupAlert, parseBackup } from './intake/generic.js';
import type { IncomingAlert } from './intake/incoming.js';
import { storeAlerts } from './intake.service.js';
import type { IntegrationRow } from './integrations.service.js';

const actor = systemActor('events');

async function ciOf(context: AppContext, integrationId: string, job: string, ci: string | null) {
  if (ci) {
    const found = await resolveCi(context.db, ci, { field: 'ci' }).catch(() => undefined);
    if (found) return found.id;
  }
  return (await bindLabels(context.db, integrationId, { job, ...(ci ? { ci } : {}) })).ciId;
}

export async function receiveBackup(
  context: AppContext,
  integration: IntegrationRow,
  payload: unknown,
  now: Date,
) {
  const runs = parseBackup(payload, now);
  const fresh: IncomingAlert[] = [];
  for (const run of runs) {
    const ciId = await ciOf(context, integration.id, run.job, run.ci);
    const inserted = await withTransaction(context.db, actor, (tx) =>
      tx
        .insert(backupRuns)
        .values({
          integrationId: integration.id,
          sessionId: run.sessionId,
          job: run.job,
          ciId,
          result: run.result,
          startedAt: run.startedAt,
          endedAt: run.endedAt,
          sizeBytes: run.sizeBytes,
        })
        .onConflictDoNothing()
        .returning({ id: backupRuns.id }),
    );
    if (inserted.length > 0) fresh.push(backupAlert(run));
  }
  const { alertIds: _ids, ...counts } = await storeAlerts(context, integration, fresh);
  return { ...counts, accepted: runs.length, duplicates: counts.duplicates + runs.length - fresh.length };
}

export async function backupRunsOf(context: AppContext, ci: string | undefined, limit: number) {
  const ciId = ci ? (await resolveCi(context.db, ci, { field: 'ci' })).id : undefined;
  return context.db
    .select()
    .from(backupRuns)
    .where(ciId ? eq(backupRuns.ciId, ciId) : undefined)
    .orderBy(desc(backupRuns.endedAt))
    .limit(limit);
}

export async function setRpo(context: AppContext, by: Actor, ci: string, rpoMinutes: number) {
  const row = await resolveCi(context.db, ci, { field: 'ci' });
  await withTransaction(context.db, by, (tx) =>
    tx
      .insert(backupRpo)
      .values({ ciId: row.id, rpoMinutes })
      .onConflictDoUpdate({ target: backupRpo.ciId, set: { rpoMinutes } }),
  );
}

/** The CIs whose backups count for a target: the CI, or for a service every backed-up CI it depends on. */
async function coveredCis(context: AppContext, target: CiRow): Promise<string[]> {
  if (target.classKey !== 'service') return [target.id];
  const below = (await impactOf(context.db, target.id, 'up', 12)).map((entry) => entry.id);
  const ids = [target.id, ...below];
  const backedUp = await context.db
    .selectDistinct({ ciId: backupRuns.ciId })
    .from(backupRuns)
    .where(inArray(backupRuns.ciId, ids));
  return backedUp.map((row) => row.ciId!).filter(Boolean);
}

export interface RpoState {
  ci: CiRow;
  rpoMinutes: number;
  lastSuccessAt: Date | null;
  breached: boolean;
  breachedSince: Date | null;
}

/** RPO compliance: each target's last good backup (for a service: its stalest backed-up CI's). */
export async function rpoCompliance(context: AppContext): Promise<RpoState[]> {
  const targets = await context.db.select().from(backupRpo);
  const cis = await cisByIds(
    context.db,
    targets.map((row) => row.ciId),
  );
  const now = context.clock.now();
  const states: RpoState[] = [];
  for (const target of targets) {
    const ci = cis.get(target.ciId);
    if (!ci) continue;
    const covered = await coveredCis(context, ci);
    let lastSuccessAt: Date | null = null;
    if (covered.length > 0) {
      const rows = await context.db
        .select({ ciId: backupRuns.ciId, last: max(backupRuns.endedAt) })
        .from(backupRuns)
        .where(and(inArray(backupRuns.ciId, covered), eq(backupRuns.result, 'success')))
        .groupBy(backupRuns.ciId);
      const lasts = covered.map((id) => rows.find((row) => row.ciId === id)?.last ?? null);
      lastSuccessAt = lasts.some((last) => last === null)
        ? null
        : new Date(Math.min(...lasts.map((last) => new Date(last!).getTime())));
    }
    const breached = !lastSuccessAt || now.getTime() - lastSuccessAt.getTime() > target.rpoMinutes * 60_000;
    states.push({
      ci,
      rpoMinutes: target.rpoMinutes,
      lastSuccessAt,
      breached,
      breachedSince: target.breachedSince,
    });
  }
  return states;
}

/** The integration RPO alerts come from (made on first need, reported by an admin). */
async function rpoIntegration(context: AppContext): Promise<IntegrationRow | null> {
  const [found] = await context.db
    .select()
    .from(eventIntegrations)
    .where(and(eq(eventIntegrations.kind, 'backup'), eq(eventIntegrations.name, 'RPO monitor')));
  if (found) return found;
  const [admin] = await adminIds(context.db);
  if (!admin) return null;
  const [created] = await withTransaction(context.db, actor, (tx) =>
    tx
      .insert(eventIntegrations)
      .values({ kind: 'backup', name: 'RPO monitor', createdBy: admin })
      .returning(),
  );
  return created!;
}

/** The events.checkRpo job: an alert per breached target, resolved when it is met again. */
export async function checkRpo(context: AppContext): Promise<void> {
  const states = await rpoCompliance(context);
  const now = context.clock.now();
  const changed = states.filter((state) => state.breached !== (state.breachedSince !== null));
  if (changed.length === 0) return;
  const integration = await rpoIntegration(context);
  if (!integration) return;
  const alerts: IncomingAlert[] = changed.map((state) => ({
    fingerprint: `rpo:${state.ci.id}`,
    status: state.breached ? 'firing' : 'resolved',
    severity: 'major',
    summary: `RPO of ${state.rpoMinutes} min breached: last good backup ${state.lastSuccessAt ? state.lastSuccessAt.toISOString() : 'never'}`,
    description: '',
    labels: { ci: state.ci.id, rpo: String(state.rpoMinutes), alertname: 'RpoBreached' },
    at: now,
    occurrenceKey: `${state.breached ? 'breach' : 'met'}:${now.toISOString()}`,
    raw: { ci: state.ci.name, rpoMinutes: state.rpoMinutes, lastSuccessAt: state.lastSuccessAt },
  }));
  await storeAlerts(context, integration, alerts);
  await withTransaction(context.db, actor, async (tx) => {
    for (const state of changed)
      await tx
        .update(backupRpo)
        .set({ breachedSince: state.breached ? now : null })
        .where(eq(backupRpo.ciId, state.ci.id));
  });
}
