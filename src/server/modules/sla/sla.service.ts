// The SLA engine wired into the product: the ticket lifecycle listener, the jobs at warning and
// breach instants, and re-measuring tickets after a policy or calendar edit.
import { param, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Db, systemActor, type Tx, withTransaction } from '../../db/client.js';
import type { JobPayloadOf } from '../../jobs/define.js';
import {
  type TicketEvent as LifecycleEvent,
  lockTicketIfExists,
  statusHistories,
  ticketIdPage,
} from '../tickets/index.js';
import { computeClock } from './clock.js';
import { SlaHistoryError } from './history.js';
import { clockRow, engineHistory, forgetSlaPolicies, policyFor, recomputeTicket } from './sla.clocks.js';
import type { ResolvedPolicy } from './sla.definitions.js';
import { slaJobs } from './sla.jobs.js';
import { markDays, refreshDirtyDays, utcDay } from './sla.rollup.js';
import type { ticketSlaClocks } from './sla.schema.js';

type JobPayload<N extends keyof typeof slaJobs.definitions> = JobPayloadOf<typeof slaJobs.definitions, N>;

const slaActor = systemActor('sla');

/** The lifecycle listener: every status change re-measures the ticket in its own transaction. */
export function slaTicketListener(context: AppContext) {
  return async (tx: Tx, event: LifecycleEvent): Promise<void> => {
    if (event.type !== 'ticket.created' && event.type !== 'ticket.transitioned') return;
    // The change's own statement read the status history (issue 18): the clocks start from it.
    const known = event.statusHistory && {
      ticket: {
        id: event.ticketId,
        key: event.key,
        kind: event.kind,
        priority: event.priority,
        requestTypeId: event.requestTypeId,
        teamId: event.teamId,
      },
      history: event.statusHistory,
    };
    try {
      await recomputeTicket(tx, event.ticketId, event.at, known);
    } catch (error) {
      // A history the engine cannot read must not block the ticket itself.
      if (!(error instanceof SlaHistoryError)) throw error;
      context.log.warn({ ticket: event.key, err: error }, 'SLA clocks not computed: history unreadable');
    }
  };
}

/** The `sla.check` job: at a warning or breach instant, re-measure; due events are raised. */
export async function checkSla(context: AppContext, payload: JobPayload<'sla.check'>): Promise<void> {
  await withTransaction(context.db, slaActor, async (tx) => {
    const ticket = await lockTicketIfExists(tx, payload.ticketId);
    if (ticket) await recomputeTicket(tx, ticket.id, context.clock.now());
  });
}

const recomputeBatchSize = 500;

/**
 * The `sla.recompute` job: one batch, then the next as a new job. Open tickets are re-measured
 * one transaction each, locked, with their events and schedules; closed ones in bulk, as their
 * clocks only need storing.
 */
export async function recomputeBatch(
  context: AppContext,
  payload: JobPayload<'sla.recompute'>,
): Promise<void> {
  const { requestTypeIds, phase, after } = payload;
  // Enqueued by a policy edit that may have been made in another process.
  forgetSlaPolicies();
  const now = context.clock.now();
  const ids = await ticketIdPage(context.db, { requestTypeIds, phase, after, limit: recomputeBatchSize });
  if (phase === 'open') await recomputeOpen(context.db, ids, now);
  else await storeClosedClocks(context.db, ids, now);
  const next: JobPayload<'sla.recompute'> | null =
    ids.length === recomputeBatchSize
      ? { requestTypeIds, phase, after: ids.at(-1)! }
      : phase === 'open'
        ? { requestTypeIds, phase: 'closed', after: null }
        : null;
  if (next) await withTransaction(context.db, slaActor, (tx) => slaJobs.enqueue(tx, 'sla.recompute', next));
}

async function recomputeOpen(db: Db, ids: string[], now: Date): Promise<void> {
  for (const id of ids) {
    await withTransaction(db, slaActor, async (tx) => {
      await lockTicketIfExists(tx, id);
      await recomputeTicket(tx, id, now).catch((error: unknown) => {
        if (!(error instanceof SlaHistoryError)) throw error;
      });
    });
  }
}

/**
 * Stores the clocks of closed tickets, a batch at a time (no events, nothing to schedule): the
 * histories come in one query and the clocks go out in one, as JSON, because building thousands
 * of bound parameters costs more than the clocks themselves.
 */
export async function storeClosedClocks(db: Db, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const histories = await statusHistories(db, ids);
  const policies = new Map<string, ResolvedPolicy | null>();
  const clockRows: (typeof ticketSlaClocks.$inferInsert)[] = [];
  for (const { ticket, history } of histories) {
    const policyKey = `${ticket.requestTypeId ?? ''}|${ticket.kind}|${ticket.priority}`;
    if (!policies.has(policyKey)) policies.set(policyKey, await policyFor(db, ticket));
    const policy = policies.get(policyKey)!;
    if (!policy) continue;
    try {
      const events = engineHistory(history);
      for (const metric of policy.metrics) {
        clockRows.push(clockRow(ticket, policy, computeClock(metric, events, now), now));
      }
    } catch (error) {
      if (!(error instanceof SlaHistoryError)) throw error;
    }
  }
  await withTransaction(db, slaActor, async (tx) => {
    const removed = await tx.execute<{ metric_key: string; day: string }>(sql`
      delete from ticket_sla_clocks where ticket_id = any(${param(ids)}::uuid[])
      returning metric_key, (stopped_at at time zone 'UTC')::date::text as day`);
    await markDays(tx, [
      ...removed.rows
        .filter((row) => row.day !== null)
        .map((row) => ({ metricKey: row.metric_key, day: row.day })),
      ...clockRows.flatMap((row) =>
        row.state === 'stopped' && row.stoppedAt
          ? [{ metricKey: row.metricKey, day: utcDay(row.stoppedAt) }]
          : [],
      ),
    ]);
    await tx.execute(sql`
      insert into ticket_sla_clocks (ticket_id, metric_key, request_type_id, policy_id, state, cycle, elapsed_seconds,
             goal_seconds, met, breached, started_at, stopped_at, warn_at, breach_at, computed_at)
      select "ticketId", "metricKey", "requestTypeId", "policyId", state, cycle, "elapsedSeconds", "goalSeconds", met,
             breached, "startedAt", "stoppedAt", "warnAt", "breachAt", "computedAt"
        from jsonb_to_recordset(${JSON.stringify(clockRows)}::jsonb) as x(
          "ticketId" uuid, "metricKey" text, "requestTypeId" uuid, "policyId" uuid, state text, cycle int,
          "elapsedSeconds" float8, "goalSeconds" int, met boolean, breached boolean, "startedAt" timestamptz,
          "stoppedAt" timestamptz, "warnAt" timestamptz, "breachAt" timestamptz, "computedAt" timestamptz)`);
  });
  return clockRows.length;
}

/**
 * Re-measures every ticket now, without the job queue (`opsdesk sla rebuild`, benchmarks): the
 * read model is derived from history only, so it can be rebuilt at any time with the same result.
 */
export async function rebuildAllClocks(
  context: AppContext,
  onProgress?: (done: number) => void,
): Promise<{ tickets: number }> {
  let done = 0;
  for (const phase of ['open', 'closed'] as const) {
    let after: string | null = null;
    for (;;) {
      const ids = await ticketIdPage(context.db, { phase, after, limit: recomputeBatchSize * 4 });
      if (ids.length === 0) break;
      if (phase === 'open') await recomputeOpen(context.db, ids, context.clock.now());
      else await storeClosedClocks(context.db, ids, context.clock.now());
      done += ids.length;
      onProgress?.(done);
      after = ids.at(-1)!;
    }
  }
  await refreshDirtyDays(context.db);
  await context.db.execute(sql`analyze ticket_sla_clocks`);
  return { tickets: done };
}
