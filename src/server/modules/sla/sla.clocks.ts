// Every clock of a ticket, computed by the pure engine from the ticket's history and the policy
// of its request type: stored as the read model, with its due warnings and breaches raised and
// the later ones scheduled as jobs at their exact instants. Called in the transaction of every
// ticket event, by the jobs at those instants, and after policy or calendar edits.
import { and, eq, inArray, isNull, or, param, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { cancelJobs } from '../../jobs/queue.js';
import { ttlCache } from '../../lib/cache.js';
import { type MeasuredTicket, type StatusChange, statusHistories } from '../tickets/index.js';
import { type ClockResult, computeClock } from './clock.js';
import type { TicketEvent } from './history.js';
import { type ResolvedPolicy, resolveMetric } from './sla.definitions.js';
import { raisedKey, raisedKeys, raiseSlaEvent } from './sla.events.js';
import { type SlaJobKind, slaJobKinds, slaJobs } from './sla.jobs.js';
import { type DayKey, markDays, utcDay } from './sla.rollup.js';
import {
  slaCalendars,
  slaPolicies,
  slaPolicyRequestTypes,
  slaPolicyScopes,
  type ticketSlaClocks,
} from './sla.schema.js';

export type { MeasuredTicket };

export interface TicketClocks {
  ticket: MeasuredTicket;
  policy: ResolvedPolicy | null;
  clocks: ClockResult[];
}

type PolicyRow = typeof slaPolicies.$inferSelect;

/** A ticket's status history in the engine's terms, in the order it was recorded. */
export function engineHistory(history: readonly StatusChange[]): TicketEvent[] {
  return history.map(
    (row): TicketEvent =>
      row.from === null
        ? { kind: 'created', at: row.at, status: row.to }
        : { kind: 'transition', at: row.at, from: row.from, to: row.to },
  );
}

export async function resolvePolicy(q: Queryable, policy: PolicyRow): Promise<ResolvedPolicy> {
  const keys = [...new Set(policy.metrics.map((metric) => metric.calendar))];
  const rows = await q.select().from(slaCalendars).where(inArray(slaCalendars.key, keys));
  const calendars = new Map(rows.map((row) => [row.key, row.definition]));
  return {
    id: policy.id,
    key: policy.key,
    name: policy.name,
    version: policy.version,
    metrics: policy.metrics.map((metric) => resolveMetric(metric, calendars)),
  };
}

// Every ticket event reads its type's policy: each process keeps them a few seconds. Policy and
// calendar writes, and every re-measure after them, clear the cache first.
const policyCache = ttlCache<{ policy: ResolvedPolicy | null }>(5_000);

export function forgetSlaPolicies(): void {
  policyCache.clear();
}

/**
 * The policy that measures a ticket: its request type's, else the one scoped to its kind and
 * priority, else to its kind at any priority; null when none applies.
 */
export async function policyFor(
  q: Queryable,
  ticket: Pick<MeasuredTicket, 'requestTypeId' | 'kind' | 'priority'>,
): Promise<ResolvedPolicy | null> {
  const cacheKey = `${ticket.requestTypeId ?? ''}|${ticket.kind}|${ticket.priority}`;
  const cached = await policyCache.get(cacheKey, async () => {
    if (ticket.requestTypeId) {
      const [row] = await q
        .select({ policy: slaPolicies })
        .from(slaPolicyRequestTypes)
        .innerJoin(slaPolicies, eq(slaPolicies.id, slaPolicyRequestTypes.policyId))
        .where(eq(slaPolicyRequestTypes.requestTypeId, ticket.requestTypeId));
      if (row) return { policy: await resolvePolicy(q, row.policy) };
    }
    const scoped = await q
      .select({ policy: slaPolicies, priority: slaPolicyScopes.priority })
      .from(slaPolicyScopes)
      .innerJoin(slaPolicies, eq(slaPolicies.id, slaPolicyScopes.policyId))
      .where(
        and(
          eq(slaPolicyScopes.kind, ticket.kind),
          or(eq(slaPolicyScopes.priority, ticket.priority), isNull(slaPolicyScopes.priority)),
        ),
      );
    const best = scoped.find((row) => row.priority !== null) ?? scoped[0];
    return { policy: best ? await resolvePolicy(q, best.policy) : null };
  });
  return cached?.policy ?? null;
}

/** The clocks as they stand at `now`, computed afresh; writes nothing. */
export async function computeTicketClocks(
  q: Queryable,
  ticket: MeasuredTicket,
  now: Date,
  history?: readonly StatusChange[],
): Promise<TicketClocks> {
  const policy = await policyFor(q, ticket);
  if (!policy) return { ticket, policy, clocks: [] };
  const changes = history ?? (await statusHistories(q, [ticket.id]))[0]?.history ?? [];
  const events = engineHistory(changes);
  return { ticket, policy, clocks: policy.metrics.map((metric) => computeClock(metric, events, now)) };
}

export const slaJobKey = (ticketId: string, metricKey: string, kind: SlaJobKind) =>
  `sla:${ticketId}:${metricKey}:${kind}`;

/**
 * Recomputes a ticket's clocks at `now`: replaces its read-model rows, raises the warnings and
 * breaches that are due, and schedules the others at their instants (or cancels them when the
 * clock is not running). Returns null for a ticket that no longer exists. `known`: the ticket and
 * its whole status history as the caller already holds them (a ticket event), not read again.
 */
export async function recomputeTicket(
  tx: Tx,
  ticketId: string,
  now: Date,
  known?: { ticket: MeasuredTicket; history: readonly StatusChange[] },
): Promise<TicketClocks | null> {
  const found = known ?? (await statusHistories(tx, [ticketId]))[0];
  if (!found) return null;
  const measured = await computeTicketClocks(tx, found.ticket, now, found.history);
  await storeClocks(tx, measured, now);
  await raiseDueEvents(tx, measured, now);
  await schedule(tx, measured, now);
  return measured;
}

type ClockRow = typeof ticketSlaClocks.$inferInsert;

/** A stopped clock that changed (or stopped, or restarted) changes the day totals of its stop. */
function changedDays(before: ClockRow[], after: ClockRow[]): DayKey[] {
  const days: DayKey[] = [];
  const same = (a: ClockRow | undefined, b: ClockRow | undefined) =>
    a?.state === b?.state &&
    a?.stoppedAt?.getTime() === b?.stoppedAt?.getTime() &&
    a?.elapsedSeconds === b?.elapsedSeconds &&
    a?.met === b?.met &&
    a?.breached === b?.breached &&
    a?.requestTypeId === b?.requestTypeId;
  for (const metricKey of new Set([...before, ...after].map((row) => row.metricKey))) {
    const old = before.find((row) => row.metricKey === metricKey);
    const now = after.find((row) => row.metricKey === metricKey);
    if (same(old, now)) continue;
    for (const row of [old, now]) {
      if (row?.state === 'stopped' && row.stoppedAt) days.push({ metricKey, day: utcDay(row.stoppedAt) });
    }
  }
  return days;
}

interface StoredClockJson {
  metric_key: string;
  request_type_id: string | null;
  state: string;
  elapsed_seconds: number;
  met: boolean;
  breached: boolean;
  stopped_at: string | null;
}

/**
 * Replaces a ticket's clock rows in one statement (issue 18: one round trip in every ticket
 * event): the rows as they were (for the report days they change), the stale metrics deleted and
 * the current ones upserted; all three see the same snapshot, and the deleted and upserted metric
 * keys are disjoint.
 */
async function storeClocks(tx: Tx, { ticket, policy, clocks }: TicketClocks, now: Date): Promise<void> {
  const rows = clocks.map((clock) => clockRow(ticket, policy, clock, now));
  const kept = clocks.map((clock) => clock.metricKey);
  const json = rows.map((row) => ({
    ticket_id: row.ticketId,
    metric_key: row.metricKey,
    request_type_id: row.requestTypeId ?? null,
    policy_id: row.policyId ?? null,
    state: row.state,
    cycle: row.cycle ?? null,
    elapsed_seconds: row.elapsedSeconds,
    goal_seconds: row.goalSeconds ?? null,
    met: row.met,
    breached: row.breached,
    started_at: row.startedAt ?? null,
    stopped_at: row.stoppedAt ?? null,
    warn_at: row.warnAt ?? null,
    breach_at: row.breachAt ?? null,
    computed_at: row.computedAt,
  }));
  const result = await tx.execute<{ before: StoredClockJson[]; stale: string[] }>(sql`
    with before as (
      select metric_key, request_type_id, state, elapsed_seconds, met, breached, stopped_at
        from ticket_sla_clocks where ticket_id = ${ticket.id}
    ), stale as (
      delete from ticket_sla_clocks
       where ticket_id = ${ticket.id} and not (metric_key = any(${param(kept)}::text[]))
      returning metric_key
    ), upserted as (
      insert into ticket_sla_clocks (ticket_id, metric_key, request_type_id, policy_id, state, cycle,
             elapsed_seconds, goal_seconds, met, breached, started_at, stopped_at, warn_at, breach_at, computed_at)
      select ticket_id, metric_key, request_type_id, policy_id, state, cycle, elapsed_seconds, goal_seconds,
             met, breached, started_at, stopped_at, warn_at, breach_at, computed_at
        from json_populate_recordset(null::ticket_sla_clocks, ${JSON.stringify(json)}::json)
      on conflict (ticket_id, metric_key) do update set
        request_type_id = excluded.request_type_id, policy_id = excluded.policy_id, state = excluded.state,
        cycle = excluded.cycle, elapsed_seconds = excluded.elapsed_seconds, goal_seconds = excluded.goal_seconds,
        met = excluded.met, breached = excluded.breached, started_at = excluded.started_at,
        stopped_at = excluded.stopped_at, warn_at = excluded.warn_at, breach_at = excluded.breach_at,
        computed_at = excluded.computed_at
      returning 1
    )
    select coalesce((select json_agg(before) from before), '[]') as before,
           coalesce((select json_agg(metric_key) from stale), '[]') as stale,
           (select count(*) from upserted) as upserted`);
  const { before, stale } = result.rows[0]!;
  const previous: ClockRow[] = before.map((row) => ({
    ticketId: ticket.id,
    metricKey: row.metric_key,
    requestTypeId: row.request_type_id,
    state: row.state,
    elapsedSeconds: row.elapsed_seconds,
    met: row.met,
    breached: row.breached,
    stoppedAt: row.stopped_at === null ? null : new Date(row.stopped_at),
    computedAt: now,
  }));
  await markDays(tx, changedDays(previous, rows));
  const staleKeys = stale.flatMap((metricKey) =>
    slaJobKinds.map((kind) => slaJobKey(ticket.id, metricKey, kind)),
  );
  await cancelJobs(tx, staleKeys);
}

export function clockRow(
  ticket: MeasuredTicket,
  policy: ResolvedPolicy | null,
  clock: ClockResult,
  now: Date,
): typeof ticketSlaClocks.$inferInsert {
  const current = clock.cycles.at(-1);
  return {
    ticketId: ticket.id,
    metricKey: clock.metricKey,
    requestTypeId: ticket.requestTypeId,
    policyId: policy?.id ?? null,
    state: clock.state,
    cycle: clock.cycle,
    elapsedSeconds: clock.elapsedSeconds,
    goalSeconds: clock.goalSeconds,
    met: clock.met,
    breached: clock.breached,
    startedAt: clock.cycles[0]?.startedAt ?? null,
    stoppedAt: clock.state === 'stopped' ? (current?.stoppedAt ?? null) : null,
    warnAt: clock.warnAt,
    breachAt: clock.breachAt,
    computedAt: now,
  };
}

/**
 * A warning is raised while the clock still runs or is paused; a breach also when the event that
 * stops the clock is the one observing it (the job at the breach instant may not have run yet).
 * A clock stopped earlier raises nothing: re-measuring old tickets after a policy edit must not
 * flood anyone with breaches of the past.
 */
async function raiseDueEvents(tx: Tx, { ticket, policy, clocks }: TicketClocks, now: Date): Promise<void> {
  if (!policy) return;
  const nowMs = now.getTime();
  let raised: Set<string> | null = null;
  for (const [index, clock] of clocks.entries()) {
    const cycle = clock.cycles.at(-1);
    if (clock.goalSeconds === null || !cycle) continue;
    const live = clock.state === 'running' || clock.state === 'paused';
    const stoppedNow = clock.state === 'stopped' && cycle.stoppedAt?.getTime() === nowMs;
    const due: [SlaJobKind, Date][] = [];
    if (live && cycle.warnAt && cycle.warnAt.getTime() <= nowMs) due.push(['warning', cycle.warnAt]);
    if ((live || stoppedNow) && cycle.breached && cycle.breachAt) due.push(['breach', cycle.breachAt]);
    if (due.length === 0) continue;
    raised ??= await raisedKeys(tx, ticket.id);
    const metric = policy.metrics[index]!;
    for (const [kind, dueAt] of due) {
      if (raised.has(raisedKey(clock.metricKey, kind, cycle.number))) continue;
      await raiseSlaEvent(tx, {
        kind,
        ticketId: ticket.id,
        ticketKey: ticket.key,
        requestTypeId: ticket.requestTypeId,
        teamId: ticket.teamId,
        policyKey: policy.key,
        policyName: policy.name,
        metricKey: clock.metricKey,
        metricName: metric.name,
        cycle: cycle.number,
        goalSeconds: clock.goalSeconds,
        elapsedSeconds: clock.elapsedSeconds,
        dueAt,
        breachAt: cycle.breachAt,
        raisedAt: now,
      });
    }
  }
}

async function schedule(tx: Tx, { ticket, clocks }: TicketClocks, now: Date): Promise<void> {
  const due: Parameters<typeof slaJobs.enqueueMany<'sla.check'>>[2] = [];
  const cancelled: string[] = [];
  for (const clock of clocks) {
    if (clock.goalSeconds === null) continue;
    const instants: Record<SlaJobKind, Date | null> = { warning: clock.warnAt, breach: clock.breachAt };
    for (const kind of slaJobKinds) {
      const at = instants[kind];
      const jobKey = slaJobKey(ticket.id, clock.metricKey, kind);
      if (clock.state === 'running' && at && at.getTime() > now.getTime()) {
        due.push({ payload: { ticketId: ticket.id, metricKey: clock.metricKey, kind }, runAt: at, jobKey });
      } else {
        cancelled.push(jobKey);
      }
    }
  }
  // One statement each, whatever the number of metrics: this runs in every ticket event.
  await slaJobs.enqueueMany(tx, 'sla.check', due);
  await cancelJobs(tx, cancelled);
}
