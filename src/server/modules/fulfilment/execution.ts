// The fulfilment.execute job: runs a run's work — a provider action on the environment the
// request names, or an external executor (webhook, Ansible, AWX) — keeps its output lines, and
// ends it through outcome.ts. A run executed again after a crash acts idempotently (providers'
// contract; executors keep their state on the run) and keeps counting its attempts.
import { and, eq, getTableColumns, notInArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { prebuilt } from '../../db/prebuilt.js';
import type { JobContext } from '../../jobs/worker.js';
import {
  callbackUrlOf,
  type ExternalExecutorKind,
  externalExecutorKinds,
  startExternalExecutor,
} from '../../providers/executors/index.js';
import { PermanentProviderError, TransientProviderError } from '../../providers/types.js';
import { type FulfilmentSpec, getRequestTypeById } from '../catalog/index.js';
import { cachedUsersById } from '../identity/index.js';
import {
  connectionConfig,
  type EnvironmentWithConnection,
  environmentFromJson,
  environmentJsonByName,
  findEnvironment,
  getConnection,
  providerOf,
  toEnvironmentRecord,
} from '../inventory/index.js';
import { type TicketRow, ticketFromJson, ticketJsonById } from '../tickets/index.js';
import { fulfilmentRunOutput, fulfilmentRuns, webhookDeliveries } from './fulfilment.schema.js';
import type { RunRow } from './fulfilment.service.js';
import {
  automationActor,
  awaitCallback,
  finishFailed,
  finishSucceeded,
  type OutputLine,
  retryDelayMs,
  retryLater,
  type Success,
} from './outcome.js';

type Level = 'info' | 'warn' | 'error';

/**
 * Output lines of a run: kept in order and written in batches (every quarter second while the
 * work runs, and at the end), so a chatty action does not turn into one insert per line.
 */
export function outputWriter(context: AppContext, runId: string) {
  let pending: OutputLine[] = [];
  let chain = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return chain;
    const batch = pending;
    pending = [];
    chain = chain.then(() =>
      context.db
        .insert(fulfilmentRunOutput)
        .values(batch)
        .then(() => undefined),
    );
    return chain;
  };
  return {
    write(line: string, level: Level = 'info') {
      pending.push({ runId, at: context.clock.now(), level, line: line.slice(0, 4000) });
      timer ??= setTimeout(flush, 250);
    },
    flushed: flush,
    /**
     * Hands the lines not written yet to `finish`, which writes them in its own statement (the
     * run's last one); if it fails they stay pending, for the next flush.
     */
    async handedTo(finish: (lines: OutputLine[]) => Promise<void>) {
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
      const batch = pending;
      pending = [];
      try {
        await finish(batch);
      } catch (error) {
        pending = [...batch, ...pending];
        throw error;
      }
    },
  };
}

function abortableSleep(signal: AbortSignal) {
  return (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

interface Execution {
  context: AppContext;
  run: RunRow;
  ticket: TicketRow;
  /** The run's environment with its connection, read with the run (null: none, or not found). */
  environment: EnvironmentWithConnection | null;
  attempt: number;
  spec: FulfilmentSpec;
  signal: AbortSignal;
  log(line: string, level?: Level): void;
  /** Set once known, to attribute the outcome (automation:sandbox, automation:webhook …). */
  actorKind: string;
}

type Outcome = { kind: 'succeeded'; success: Success } | { kind: 'awaiting_callback'; deadline: Date };

async function runProviderAction(execution: Execution): Promise<Outcome> {
  const { context, run, spec, signal, environment } = execution;
  if (spec.executor !== 'provider') throw new Error('not a provider spec');
  if (!environment || environment.state === 'terminated') {
    throw new PermanentProviderError(
      `The environment ${run.environmentName} no longer exists in the inventory.`,
    );
  }
  execution.actorKind = environment.connection.kind;
  const action = providerOf(context, environment.connection).actions[spec.action];
  if (!action) throw new PermanentProviderError(`${environment.connection.name} cannot ${spec.action}.`);
  const params = action.params.safeParse(run.params);
  if (!params.success)
    throw new PermanentProviderError(
      `The request's values do not suit ${spec.action}: ${params.error.message}`,
    );
  const lookupEnvironment = async (name: string) => {
    const found = await findEnvironment(context.db, name);
    return found ? toEnvironmentRecord(found, context.secretKey) : null;
  };
  const result = await action.run(
    {
      runId: run.id,
      attempt: execution.attempt,
      environment: toEnvironmentRecord(environment, context.secretKey),
      log: (line) => execution.log(line),
      signal,
      sleep: abortableSleep(signal),
      lookupEnvironment,
    },
    params.data,
  );
  return { kind: 'succeeded', success: { ...result, connectionId: environment.connectionId } };
}

async function runExternal(execution: Execution): Promise<Outcome> {
  const { context, run, ticket, spec, signal } = execution;
  if (spec.executor !== 'external') throw new Error('not an external spec');
  const connection = await getConnection(context.db, spec.connection).catch(() => {
    throw new PermanentProviderError(`The automation connection ${spec.connection} no longer exists.`);
  });
  const kind = connection.kind as ExternalExecutorKind;
  if (!externalExecutorKinds.includes(kind)) {
    throw new PermanentProviderError(
      `The connection ${connection.name} is a ${connection.kind} provider, not an automation executor.`,
    );
  }
  execution.actorKind = kind;
  const requester = (await cachedUsersById(context.db, [ticket.requesterId])).get(ticket.requesterId);
  const type = ticket.requestTypeId ? await getRequestTypeById(context.db, ticket.requestTypeId) : null;
  const outcome = await startExternalExecutor(
    kind,
    {
      runId: run.id,
      attempt: execution.attempt,
      log: (line) => execution.log(line),
      signal,
      sleep: abortableSleep(signal),
      now: () => context.clock.now(),
      allowPrivateNetworks: context.config.allowPrivateNetworks,
      recordDelivery: async (record) => {
        await context.db
          .insert(webhookDeliveries)
          .values({ ...record, outcome: record.outcome as unknown as Record<string, unknown> });
      },
    },
    {
      ticket: {
        key: ticket.key,
        requestType: type?.key ?? '',
        requester: { email: requester?.email ?? '', displayName: requester?.displayName ?? '' },
      },
      fields: ticket.fields,
      params: run.params,
      callbackUrl: callbackUrlOf(context.config.publicUrl, run.id),
    },
    connectionConfig(connection, context.secretKey).config,
    {
      get: async () => {
        const [row] = await context.db
          .select({ state: fulfilmentRuns.executorState })
          .from(fulfilmentRuns)
          .where(eq(fulfilmentRuns.id, run.id));
        return row?.state ?? {};
      },
      set: async (value) => {
        await context.db
          .update(fulfilmentRuns)
          .set({ executorState: value })
          .where(eq(fulfilmentRuns.id, run.id));
      },
    },
  );
  if (outcome.status === 'failed') throw new PermanentProviderError(outcome.message);
  if (outcome.status === 'awaiting_callback')
    return { kind: 'awaiting_callback', deadline: outcome.deadline };
  return { kind: 'succeeded', success: { summary: outcome.summary, outputs: outcome.outputs } };
}

// One statement claims the run — unless it is finished, handed over, or its ticket is no longer
// in progress — and reads its ticket and environment (with the connection) along with it.
// Qualified by hand: drizzle writes RETURNING's columns unqualified. Built once (every attempt runs it).
const claimRun = prebuilt(
  (db, p: { runId: string }) => {
    const column = (name: string) => sql`${sql.identifier('fulfilment_runs')}.${sql.identifier(name)}`;
    const ticketJson = ticketJsonById(column('ticket_id'));
    return db
      .update(fulfilmentRuns)
      .set({
        status: 'running',
        attempts: sql`${fulfilmentRuns.attempts} + 1`,
        startedAt: sql`coalesce(${fulfilmentRuns.startedAt}, now())`,
      })
      .where(
        and(
          eq(fulfilmentRuns.id, p.runId),
          notInArray(fulfilmentRuns.status, ['succeeded', 'failed', 'awaiting_callback']),
          sql`${ticketJson}->>'status' = 'in_progress'`,
        ),
      )
      .returning({
        ...getTableColumns(fulfilmentRuns),
        ticket: ticketJson,
        environment: environmentJsonByName(column('environment_name')),
      });
  },
  { runId: '00000000-0000-4000-8000-000000000001' },
);

/** The fulfilment.execute job. */
export async function executeRun(context: AppContext, runId: string, job: JobContext): Promise<void> {
  const [claimed] = await claimRun.run(context.db, { runId });
  if (!claimed) return;
  const { ticket: ticketValue, environment: environmentValue, ...run } = claimed;
  const ticket = ticketFromJson(ticketValue)!;
  const started: RunRow = run;
  const attempt = started.attempts;
  const output = outputWriter(context, run.id);
  output.write(
    `attempt ${attempt} of ${run.maxAttempts}: ${run.action}${run.environmentName ? ` on ${run.environmentName}` : ''}`,
  );
  const type = await getRequestTypeById(context.db, ticket.requestTypeId!);
  const execution: Execution = {
    context,
    run: started,
    ticket,
    environment: run.environmentName ? environmentFromJson(environmentValue) : null,
    attempt,
    spec: type.fulfilment!,
    signal: job.signal,
    log: (line, level) => output.write(line, level),
    actorKind: run.executor,
  };
  try {
    if (!type.fulfilment) throw new PermanentProviderError('The request type no longer has an automation.');
    execution.signal = AbortSignal.any([
      job.signal,
      AbortSignal.timeout(type.fulfilment.timeoutSeconds * 1000),
    ]);
    const outcome =
      type.fulfilment.executor === 'provider'
        ? await runProviderAction(execution)
        : await runExternal(execution);
    const actor = automationActor(execution.actorKind);
    if (outcome.kind === 'awaiting_callback') {
      output.write(`handed over; waiting for the result until ${outcome.deadline.toISOString()}`);
      await output.flushed();
      await awaitCallback(context, started, outcome.deadline, actor);
      return;
    }
    output.write(outcome.success.summary);
    await output.handedTo((lines) =>
      finishSucceeded(context, started, outcome.success, actor, undefined, lines),
    );
  } catch (error) {
    await output.flushed();
    const actor = automationActor(execution.actorKind);
    const permanent = error instanceof PermanentProviderError;
    const transient = error instanceof TransientProviderError;
    if (!permanent && !transient)
      job.log.error({ err: error, runId: run.id }, 'fulfilment run failed unexpectedly');
    const message =
      permanent || transient ? (error as Error).message : 'an unexpected error occurred in Opsdesk';
    if (!permanent && attempt < run.maxAttempts) {
      const retryAfter = transient ? error.options.retryAfterMs : undefined;
      await retryLater(
        context,
        started,
        message,
        Math.max(retryAfter ?? 0, retryDelayMs(context.config.retryBaseMs, attempt)),
        actor,
      );
      return;
    }
    await finishFailed(
      context,
      started,
      permanent ? message : `${message} (still failing after ${attempt} attempts)`,
      actor,
    );
  }
}
