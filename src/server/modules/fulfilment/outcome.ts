// How a fulfilment run ends, whoever ran it (a provider action, an external executor, or a
// webhook calling back): success → waiting_for_customer with the result as a comment; failure →
// need_further_support with the error in plain words; a transient problem → the same run again
// later; a hand-off → waiting for the callback until a deadline.
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, type Tx, withTransaction } from '../../db/client.js';
import { renderTemplate } from '../../lib/templates.js';
import type { InventoryChange, OutputValue } from '../../providers/types.js';
import { getRequestTypeById } from '../catalog/index.js';
import { applyInventoryChanges } from '../inventory/index.js';
import { fireTransition, lockTicket, systemRoles, type TicketRow } from '../tickets/index.js';
import { fulfilmentJobs } from './fulfilment.jobs.js';
import { fulfilmentRunOutput, fulfilmentRuns } from './fulfilment.schema.js';
import { queueOf, type RunRow } from './fulfilment.service.js';

export const automationActor = (kind: string): Actor => ({
  kind: 'automation',
  id: null,
  label: `automation:${kind}`,
});

export interface Success {
  summary: string;
  outputs: Record<string, OutputValue>;
  inventory?: InventoryChange[] | undefined;
  /** The provider connection whose inventory the changes belong to. */
  connectionId?: string | null | undefined;
}

const unfinished = notInArray(fulfilmentRuns.status, ['succeeded', 'failed']);

export function retryDelayMs(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 10 * 60_000);
}

function resultComment(
  template: string,
  success: Success,
  ticket: TicketRow,
  environment: string | null,
): string {
  const rendered = renderTemplate(
    template,
    {
      fields: ticket.fields,
      outputs: success.outputs,
      summary: success.summary,
      environment,
      ticket: { key: ticket.key, title: ticket.title },
    },
    'text',
  );
  return rendered.ok
    ? rendered.output
    : `${success.summary}\n\n(The result template of this request type could not be rendered: ${rendered.problem.message})`;
}

/** Output lines of a run not written yet (the executing job's last ones). */
export interface OutputLine {
  runId: string;
  at: Date;
  level: 'info' | 'warn' | 'error';
  line: string;
}

/**
 * Marks the run succeeded unless it is finished already, writing `lines` in the same statement
 * (whether or not it was). Whether this call finished it.
 */
async function markSucceeded(
  tx: Tx,
  run: RunRow,
  success: Success,
  now: Date,
  lines: readonly OutputLine[],
): Promise<boolean> {
  const result = { summary: success.summary, outputs: success.outputs };
  if (lines.length === 0) {
    const updated = await tx
      .update(fulfilmentRuns)
      .set({ status: 'succeeded', result, finishedAt: now })
      .where(and(eq(fulfilmentRuns.id, run.id), unfinished))
      .returning({ id: fulfilmentRuns.id });
    return updated.length > 0;
  }
  const values = lines.map(
    (line) => sql`(${line.runId}::uuid, ${line.at.toISOString()}::timestamptz, ${line.level}, ${line.line})`,
  );
  const { rows } = await tx.execute<{ id: string }>(sql`
    with output as (
      insert into ${fulfilmentRunOutput} (run_id, at, level, line) values ${sql.join(values, sql`, `)}
    )
    update ${fulfilmentRuns} set status = 'succeeded', result = ${JSON.stringify(result)}::jsonb,
      finished_at = ${now.toISOString()}::timestamptz
    where id = ${run.id} and status not in ('succeeded', 'failed')
    returning id`);
  return rows.length > 0;
}

/**
 * The run succeeded: result, inventory and the ticket's transition in one transaction (with the
 * output lines the execution had not written yet).
 */
export async function finishSucceeded(
  context: AppContext,
  run: RunRow,
  success: Success,
  actor: Actor,
  within?: (tx: Tx) => Promise<void>,
  lines: readonly OutputLine[] = [],
): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await within?.(tx);
    const ticket = await lockTicket(tx, run.ticketId);
    const finished = await markSucceeded(tx, run, success, now, lines);
    // Finished already (a callback and a timeout racing, a job running twice): nothing to do.
    if (!finished) return;
    if (success.connectionId && success.inventory?.length) {
      await applyInventoryChanges(tx, context.secretKey, success.connectionId, success.inventory, {
        via: 'fulfilment',
        actor,
        ticketId: run.ticketId,
      });
    }
    if (ticket.status !== 'in_progress') return;
    const type = ticket.requestTypeId ? await getRequestTypeById(tx, ticket.requestTypeId) : null;
    const body = type?.fulfilment
      ? resultComment(type.fulfilment.resultTemplate, success, ticket, run.environmentName)
      : success.summary;
    await fireTransition(tx, {
      ticket,
      name: 'fulfilled',
      actor,
      roles: systemRoles,
      now,
      comment: { body, internal: false, kind: 'fulfilment' },
    });
  });
}

/** The run failed for good: the error goes on the ticket in plain words, and a person takes over. */
export async function finishFailed(
  context: AppContext,
  run: RunRow,
  message: string,
  actor: Actor,
  within?: (tx: Tx) => Promise<void>,
): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await within?.(tx);
    const ticket = await lockTicket(tx, run.ticketId);
    const updated = await tx
      .update(fulfilmentRuns)
      .set({ status: 'failed', error: message, finishedAt: now })
      .where(and(eq(fulfilmentRuns.id, run.id), unfinished))
      .returning({ id: fulfilmentRuns.id });
    if (updated.length === 0) return;
    await tx
      .insert(fulfilmentRunOutput)
      .values({ runId: run.id, at: now, level: 'error', line: `failed: ${message}` });
    if (ticket.status !== 'in_progress') return;
    await fireTransition(tx, {
      ticket,
      name: 'fulfilment_failed',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: `The automation could not complete this request: ${message}\n\nThe infrastructure team will look at it and retry or finish it by hand.`,
        internal: false,
        kind: 'fulfilment',
      },
    });
  });
}

/** A transient problem: the same run is executed again after `delayMs`. */
export async function retryLater(
  context: AppContext,
  run: RunRow,
  reason: string,
  delayMs: number,
  actor: Actor,
): Promise<void> {
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    await tx.insert(fulfilmentRunOutput).values({
      runId: run.id,
      at: now,
      level: 'warn',
      line: `temporary problem: ${reason}; retrying in ${Math.round(delayMs / 100) / 10} s`,
    });
    await tx.update(fulfilmentRuns).set({ status: 'queued' }).where(eq(fulfilmentRuns.id, run.id));
    await fulfilmentJobs.enqueue(
      tx,
      'fulfilment.execute',
      { runId: run.id },
      {
        runAt: new Date(now.getTime() + delayMs),
        queueName: queueOf(run.environmentName),
        jobKey: `run:${run.id}:retry`,
      },
    );
  });
}

/** Handed to external automation: wait for its callback, and fail the run if none comes in time. */
export async function awaitCallback(
  context: AppContext,
  run: RunRow,
  deadline: Date,
  actor: Actor,
): Promise<void> {
  await withTransaction(context.db, actor, async (tx) => {
    const updated = await tx
      .update(fulfilmentRuns)
      .set({ status: 'awaiting_callback', callbackDeadline: deadline })
      .where(and(eq(fulfilmentRuns.id, run.id), eq(fulfilmentRuns.status, 'running')))
      .returning({ status: fulfilmentRuns.status });
    // A callback may have finished the run before the hand-off was recorded.
    if (updated.length === 0) return;
    await fulfilmentJobs.enqueue(
      tx,
      'fulfilment.callbackTimeout',
      { runId: run.id },
      { runAt: deadline, jobKey: `run:${run.id}:deadline` },
    );
  });
}
