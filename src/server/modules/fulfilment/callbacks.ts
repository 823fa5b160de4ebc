// External automation reports back: POST /api/v1/fulfilment/runs/{id}/callback, signed with the
// webhook connection's shared secret over timestamp, method, this run's callback path and body
// (v2). A forged, stale, replayed or misdirected callback (signed for another run's URL) is
// refused (401) and changes nothing; an accepted one moves the ticket exactly as a built-in
// action would. Every validly signed callback is remembered, accepted or refused, so the same
// bytes are never accepted later. A run that hears nothing by its deadline goes to
// need_further_support.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Tx, withTransaction } from '../../db/client.js';
import { conflict, DomainError, notFound } from '../../lib/errors.js';
import {
  type CallbackHeaders,
  callbackOutcome,
  callbackSecrets,
  callbackTargetOf,
  noCallbackOutcome,
  parseCallback,
  webhookExecutorConfigSchema,
} from '../../providers/executors/index.js';
import { getRequestTypeById } from '../catalog/index.js';
import { connectionConfig, getConnection } from '../inventory/index.js';
import { getTicketById } from '../tickets/index.js';
import { fulfilmentCallbacks, fulfilmentRunOutput, fulfilmentRuns } from './fulfilment.schema.js';
import { automationActor, finishFailed, finishSucceeded } from './outcome.js';

const actor = automationActor('webhook');

const replayed = () =>
  new DomainError(
    'unauthenticated',
    'replayed',
    'This callback was received before; it is not applied twice.',
  );

async function webhookConfigOfRun(context: AppContext, runId: string) {
  const [run] = await context.db.select().from(fulfilmentRuns).where(eq(fulfilmentRuns.id, runId));
  if (!run) throw notFound('The run');
  const ticket = await getTicketById(context.db, run.ticketId);
  const spec = ticket?.requestTypeId
    ? (await getRequestTypeById(context.db, ticket.requestTypeId)).fulfilment
    : null;
  if (spec?.executor !== 'external') throw notFound('The run');
  const connection = await getConnection(context.db, spec.connection).catch(() => {
    throw notFound('The run');
  });
  if (connection.kind !== 'webhook') throw notFound('The run');
  return {
    run,
    config: webhookExecutorConfigSchema.parse(connectionConfig(connection, context.secretKey).config),
  };
}

export async function acceptCallback(
  context: AppContext,
  runId: string,
  headers: CallbackHeaders,
  rawBody: string,
): Promise<{ accepted: 'progress' | 'succeeded' | 'failed' }> {
  const { run, config } = await webhookConfigOfRun(context, runId);
  const now = context.clock.now();
  const parsed = parseCallback(
    headers,
    rawBody,
    callbackSecrets(config),
    now,
    callbackTargetOf(context.config.publicUrl, run.id),
  );
  // A validly signed callback that is refused is remembered too: its bytes stay refused.
  const rememberRefused = async (replayKey: string) => {
    await withTransaction(context.db, actor, (tx) =>
      tx.insert(fulfilmentCallbacks).values({ replayKey, runId: run.id, seenAt: now }).onConflictDoNothing(),
    );
  };
  if (!parsed.ok) {
    if (parsed.status === 400) await rememberRefused(parsed.replayKey);
    throw new DomainError(
      parsed.status === 401 ? 'unauthenticated' : 'invalid',
      parsed.status === 401 ? 'invalid_signature' : 'invalid_callback',
      parsed.message,
      {
        reason: parsed.reason,
      },
    );
  }
  const [seen] = await context.db
    .select({ replayKey: fulfilmentCallbacks.replayKey })
    .from(fulfilmentCallbacks)
    .where(eq(fulfilmentCallbacks.replayKey, parsed.replayKey));
  if (seen) throw replayed();
  if (run.status === 'succeeded' || run.status === 'failed') {
    await rememberRefused(parsed.replayKey);
    throw conflict(
      'run_finished',
      `This run has already ${run.status === 'succeeded' ? 'succeeded' : 'failed'}.`,
    );
  }
  // Recorded in the transaction that applies the callback: a replay is refused, a failure retried.
  const remember = async (tx: Tx) => {
    const fresh = await tx
      .insert(fulfilmentCallbacks)
      .values({ replayKey: parsed.replayKey, runId: run.id, seenAt: now })
      .onConflictDoNothing()
      .returning();
    if (fresh.length === 0) throw replayed();
    const lines = [
      ...(parsed.callback.message ? [parsed.callback.message] : []),
      ...(parsed.callback.lines ?? []),
    ];
    if (lines.length > 0) {
      await tx.insert(fulfilmentRunOutput).values(
        lines.map((line) => ({
          runId: run.id,
          at: now,
          level: 'info' as const,
          line: line.slice(0, 4000),
        })),
      );
    }
  };
  const outcome = callbackOutcome(parsed.callback);
  if (!outcome) {
    await withTransaction(context.db, actor, remember);
    return { accepted: 'progress' };
  }
  if (outcome.status === 'succeeded') {
    await finishSucceeded(
      context,
      run,
      { summary: outcome.summary, outputs: outcome.outputs },
      actor,
      remember,
    );
    return { accepted: 'succeeded' };
  }
  const message =
    outcome.status === 'failed' ? outcome.message : 'the external executor reported an unknown outcome';
  await finishFailed(context, run, message, actor, remember);
  return { accepted: 'failed' };
}

/** The fulfilment.callbackTimeout job. */
export async function callbackTimeout(context: AppContext, runId: string): Promise<void> {
  const [run] = await context.db.select().from(fulfilmentRuns).where(eq(fulfilmentRuns.id, runId));
  if (run?.status !== 'awaiting_callback' || !run.callbackDeadline) return;
  if (run.callbackDeadline > context.clock.now()) return;
  const waited = Math.round(
    (run.callbackDeadline.getTime() - (run.startedAt ?? run.createdAt).getTime()) / 1000,
  );
  const outcome = noCallbackOutcome(waited);
  await finishFailed(context, run, outcome.status === 'failed' ? outcome.message : 'no result', actor);
}
