// Fulfilment runs: entering in_progress creates a run and enqueues it on the queue of the
// environment it is about (same transaction), so runs on one environment are serialised. The
// work itself is execution.ts; how a run ends is outcome.ts.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, Queryable, Tx } from '../../db/client.js';
import { prebuilt } from '../../db/prebuilt.js';
import { getRequestTypeById } from '../catalog/index.js';
import { fireTransition, systemRoles, type TicketRow } from '../tickets/index.js';
import { fulfilmentJobs } from './fulfilment.jobs.js';
import { fulfilmentRunOutput, fulfilmentRuns } from './fulfilment.schema.js';
import { actionParams } from './params.js';

export type RunRow = typeof fulfilmentRuns.$inferSelect;

/** Runs naming the same environment share a job queue: they run one at a time. */
export const queueOf = (environment: string | null) =>
  environment ? `environment:${environment}` : undefined;

/** Effect of entering in_progress: a new run, enqueued in the same transaction. */
// Built once: every approved request starts a run.
const insertRunStatement = prebuilt(
  (
    db,
    p: {
      ticketId: string;
      executor: string;
      action: string;
      environmentName: string | null;
      params: Record<string, unknown>;
      maxAttempts: number;
      triggeredBy: string;
      createdAt: Date;
    },
  ) =>
    db
      .insert(fulfilmentRuns)
      .values({
        ticketId: p.ticketId,
        // The next number in the same statement (one round trip fewer than reading the last first).
        number: sql`(select coalesce(max(${fulfilmentRuns.number}), 0) + 1 from ${fulfilmentRuns} where ${fulfilmentRuns.ticketId} = ${p.ticketId})`,
        executor: p.executor,
        action: p.action,
        environmentName: p.environmentName,
        params: p.params,
        maxAttempts: p.maxAttempts,
        triggeredBy: p.triggeredBy,
        createdAt: p.createdAt,
      })
      .returning(),
  {
    ticketId: '00000000-0000-4000-8000-000000000001',
    executor: 'provider',
    action: 'environment.start',
    environmentName: null,
    params: { environment: 'bugfix1x2' },
    maxAttempts: 3,
    triggeredBy: 'system:test',
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
  },
);

export async function startRun(
  tx: Tx,
  ticket: TicketRow,
  actor: Actor,
  now: Date,
): Promise<TicketRow | undefined> {
  const type = ticket.requestTypeId ? await getRequestTypeById(tx, ticket.requestTypeId) : null;
  const spec = type?.fulfilment;
  if (!spec) {
    // Moved on at once: the ticket as it now is, for runEffects.
    return fireTransition(tx, {
      ticket,
      name: 'fulfilment_failed',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: 'This request type has no automation: an agent will carry it out.',
        internal: false,
        kind: 'fulfilment',
      },
    });
  }
  const environmentName = spec.environmentField ? ticket.fields[spec.environmentField] : undefined;
  const [run] = await insertRunStatement.run(tx, {
    ticketId: ticket.id,
    executor: spec.executor === 'provider' ? 'provider' : spec.connection,
    action: spec.executor === 'provider' ? spec.action : 'external',
    environmentName: typeof environmentName === 'string' ? environmentName : null,
    params: actionParams(spec, ticket.fields),
    maxAttempts: spec.maxAttempts,
    triggeredBy: actor.label,
    createdAt: now,
  });
  await fulfilmentJobs.enqueue(
    tx,
    'fulfilment.execute',
    { runId: run!.id },
    { queueName: queueOf(run!.environmentName), jobKey: `run:${run!.id}` },
  );
  return undefined;
}

/** Guard of the retry transition: one run at a time per ticket. */
export async function noRunInProgress(tx: Queryable, ticket: TicketRow): Promise<string | null> {
  const active = await tx
    .select({ id: fulfilmentRuns.id })
    .from(fulfilmentRuns)
    .where(and(eq(fulfilmentRuns.ticketId, ticket.id), inArray(fulfilmentRuns.status, ['queued', 'running'])))
    .limit(1);
  return active.length > 0 ? 'A fulfilment run of this ticket is still queued or running.' : null;
}

export async function runsOfTicket(db: Queryable, ticketId: string): Promise<RunRow[]> {
  return db
    .select()
    .from(fulfilmentRuns)
    .where(eq(fulfilmentRuns.ticketId, ticketId))
    .orderBy(asc(fulfilmentRuns.number));
}

export async function runOutput(db: Queryable, runId: string) {
  return db
    .select()
    .from(fulfilmentRunOutput)
    .where(eq(fulfilmentRunOutput.runId, runId))
    .orderBy(asc(fulfilmentRunOutput.id));
}

export async function latestRun(db: Queryable, ticketId: string): Promise<RunRow | undefined> {
  const [run] = await db
    .select()
    .from(fulfilmentRuns)
    .where(eq(fulfilmentRuns.ticketId, ticketId))
    .orderBy(desc(fulfilmentRuns.number))
    .limit(1);
  return run;
}
