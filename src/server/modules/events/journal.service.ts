// The intake journal (issue 13: keep pace with Alertmanager while persisting every alert).
//
// A delivery whose key and payload were checked is not stored alert by alert before its answer:
// its parsed alerts go to an in-process group commit. One flusher at a time writes every message
// waiting for it in ONE transaction (one multi-row INSERT into `event_journal` and one
// `events.ingest` job, its key keeping one pending), then answers them all; messages arriving
// while a flush is in flight wait for the next one, so batches grow with the load and an idle
// sender waits for one commit, never for a timer. The answer comes after the COMMIT: stored
// durably before the 2xx.
//
// The drain (started in-process right after a flush, and by the committed `events.ingest` job on
// its own queue, which takes whatever that missed; under an advisory lock so that one drain runs
// at a time whoever runs it) takes the pending messages in id order, stores consecutive messages
// of one integration received within a second with one `storeMessagesIn` call (set-based, as
// one message), records each message's counts on its row and enqueues the batch's correlation,
// all in one transaction. A message that cannot be stored is marked with its error and kept as a
// dead letter, so it cannot block the ones behind it.
//
// Reads of alerts right after an answer (`journalBarrier`): when messages are pending, the reader
// drains up to the newest of them itself, or, while another drain (the worker) holds the lock,
// looks again every few ms, bounded by a deadline (2 s), so a client that posts and then reads
// sees its alerts, even when no worker runs.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import pg from 'pg';
import type { AppContext } from '../../context.js';
import { pgErrorCode, systemActor, withTransaction } from '../../db/client.js';
import { addJobStatement } from '../../jobs/queue.js';
import { eventJobs } from './events.jobs.js';
import { eventIntegrations, eventJournal, type JournalOutcome } from './events.schema.js';
import type { IncomingAlert } from './intake/incoming.js';
import { deadLetter, enqueueCorrelation, storeMessagesIn } from './intake.service.js';
import type { IntegrationRow } from './integrations.service.js';
import { settingsOf } from './settings.service.js';

const actor = systemActor('events');

/** Messages written by one flush at most (the next flush takes the rest at once). */
const flushLimit = 1_000;
/** Messages received this close together (and consecutive, of one integration) are stored together. */
const groupSpanMs = 1_000;
/** Messages one drain transaction takes at most. */
export const drainLimit = 500;
/** One drain at a time, whoever runs it (the job, a reader, a `?wait=processed` delivery). */
const drainLock = sql.raw(`hashtextextended('opsdesk:events.ingest', 0)`);

interface Waiting {
  integrationId: string;
  alerts: readonly IncomingAlert[];
  resolve(id: number): void;
  reject(error: unknown): void;
}

interface Committer {
  waiting: Waiting[];
  flushing: boolean;
  /** This process is draining right after its flushes (see `drainSoon`). */
  draining: boolean;
  /** A flush committed while that drain was running: it looks once more. */
  again: boolean;
}

const committers = new WeakMap<AppContext, Committer>();

/**
 * Journals one message's parsed alerts; resolves with its journal id once the flush that wrote
 * it has committed (rejects when that flush failed: nothing of it was stored).
 */
export function journal(
  context: AppContext,
  integrationId: string,
  alerts: readonly IncomingAlert[],
): Promise<number> {
  let committer = committers.get(context);
  if (!committer) {
    committer = { waiting: [], flushing: false, draining: false, again: false };
    committers.set(context, committer);
  }
  const target = committer;
  return new Promise<number>((resolve, reject) => {
    target.waiting.push({ integrationId, alerts, resolve, reject });
    if (!target.flushing) void flushAll(context, target);
  });
}

/**
 * Writes the waiting messages, as many as arrive until the connection is ready, in one round
 * trip: BEGIN, one INSERT of every message (RETURNING their ids), the `events.ingest` job (its key
 * keeps one pending; a running drain gets a successor) and COMMIT. Not `withTransaction` (two
 * round trips more): the journal is exempt from the row audit, so no actor is recorded.
 */
async function flushAll(context: AppContext, committer: Committer): Promise<void> {
  committer.flushing = true;
  try {
    while (committer.waiting.length > 0) {
      const client = await context.database.pool.connect().catch((error: unknown) => error as Error);
      // Taken once the connection is ready: what arrived while it was being acquired joins.
      const batch = committer.waiting.splice(0, flushLimit);
      if (client instanceof Error) {
        for (const entry of batch) entry.reject(client);
        continue;
      }
      let broken: Error | undefined;
      try {
        const rows = JSON.stringify(
          batch.map((entry) => ({ integration_id: entry.integrationId, alerts: entry.alerts })),
        );
        const results = (await client.query(
          [
            'begin',
            `insert into event_journal (integration_id, alerts, received_at)
               select x.integration_id, x.alerts, ${pg.escapeLiteral(context.clock.now().toISOString())}::timestamptz
                 from jsonb_to_recordset(${pg.escapeLiteral(rows)}::jsonb) as x(integration_id uuid, alerts jsonb)
               returning id`,
            ingestJob,
            'commit',
          ].join(';\n'),
        )) as unknown as pg.QueryResult<{ id: number }>[];
        // Ids follow the rows' order; sorted to be sure.
        const ids = results[1]!.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
        for (const [index, entry] of batch.entries()) entry.resolve(ids[index]!);
        drainSoon(context, committer);
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        for (const entry of batch) entry.reject(error);
      } finally {
        client.release(broken);
      }
    }
  } finally {
    committer.flushing = false;
  }
}

/**
 * Right after a flush, the process that wrote it starts draining (unless another drain holds the
 * lock): the messages become alerts within one drain, without waiting for the job's pickup (a
 * successor job on the `events-ingest` queue is picked up only after the running one's completion
 * is written, up to hundreds of ms later). The committed `events.ingest` job stays the guarantee:
 * it drains whatever this missed (another process's drain, a crash), usually finding nothing.
 */
function drainSoon(context: AppContext, committer: Committer): void {
  if (withoutInlineDrain.has(context)) return;
  if (committer.draining) {
    committer.again = true;
    return;
  }
  committer.draining = true;
  void (async () => {
    try {
      for (;;) {
        committer.again = false;
        const drained = await drainJournal(context, { unlessBusy: true });
        // Busy: another drain runs (it or the job takes these). Nothing left: done, unless a flush
        // committed meanwhile.
        if (drained.busy || (drained.processed === 0 && !committer.again)) return;
      }
    } catch (error) {
      context.log.warn(
        { err: error },
        'intake journal: draining after a flush failed; the events.ingest job will',
      );
    } finally {
      committer.draining = false;
    }
  })();
}

const withoutInlineDrain = new WeakSet<AppContext>();

/**
 * Tests: `false` leaves the drain to the job (as when the process dies right after a flush's
 * commit), `true` restores draining right after flushes.
 */
export function drainAfterFlush(context: AppContext, enabled: boolean): void {
  if (enabled) withoutInlineDrain.delete(context);
  else withoutInlineDrain.add(context);
}

const ingestJob = addJobStatement(
  'events.ingest',
  eventJobs.definitions['events.ingest'],
  {},
  { jobKey: 'events.ingest', queueName: 'events-ingest' },
);

type JournalRow = Pick<typeof eventJournal.$inferSelect, 'id' | 'integrationId' | 'alerts' | 'receivedAt'>;

/** The alerts of a journal row as `storeMessagesIn` takes them (`at` was written as an ISO string). */
function alertsOf(row: JournalRow): IncomingAlert[] {
  return (row.alerts as (IncomingAlert & { at: string })[]).map((alert) => ({
    ...alert,
    at: new Date(alert.at),
  }));
}

export interface DrainOptions {
  /** Process only messages up to this id (a reader waiting for what was answered before it). */
  upTo?: number;
  limit?: number;
  /**
   * When another drain is running, return at once (`busy`) instead of waiting for it: a waiting
   * reader then holds no connection while it waits (a pool full of readers blocked on the lock
   * would starve the drain they wait for).
   */
  unlessBusy?: boolean;
}

export interface Drained {
  processed: number;
  more: boolean;
  /** Another drain held the lock (only with `unlessBusy`). */
  busy?: boolean;
}

/**
 * Stores the oldest pending messages (up to `limit`) in one transaction; returns how many it took
 * and whether more were pending. When the batch cannot be stored, its messages are stored one per
 * transaction and the one that fails is marked with its error (and kept as a dead letter).
 */
export async function drainJournal(context: AppContext, options: DrainOptions = {}): Promise<Drained> {
  const limit = options.limit ?? drainLimit;
  try {
    return await drainBatch(context, { ...options, limit });
  } catch (error) {
    if (!isMessageFault(error)) throw error;
    context.log.error(
      { err: error },
      'intake journal: a batch could not be stored; storing it message by message',
    );
    let processed = 0;
    for (; processed < limit; processed++) {
      try {
        const step = await drainBatch(context, { ...options, limit: 1 });
        if (step.processed === 0) return { processed, more: false, busy: step.busy };
      } catch (single) {
        if (!isMessageFault(single)) throw single;
        await markFailed(context, single, options.upTo);
      }
    }
    return { processed, more: true };
  }
}

/** An error of the message itself (its data, a bug), not of the database being away or busy. */
function isMessageFault(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code === undefined) return true;
  return code.startsWith('22') || code.startsWith('23') || code.startsWith('42') || code === 'XX000';
}

async function drainBatch(context: AppContext, options: DrainOptions & { limit: number }): Promise<Drained> {
  // Read before the lock, on a connection of its own when not cached (not while holding the lock).
  const settings = await settingsOf(context.db);
  return withTransaction(context.db, actor, async (tx) => {
    if (options.unlessBusy) {
      const locked = await tx.execute<{ got: boolean }>(
        sql`select pg_try_advisory_xact_lock(${drainLock}) as got`,
      );
      if (!locked.rows[0]?.got) return { processed: 0, more: false, busy: true };
    } else await tx.execute(sql`select pg_advisory_xact_lock(${drainLock})`);
    const rows: JournalRow[] = await tx
      .select({
        id: eventJournal.id,
        integrationId: eventJournal.integrationId,
        alerts: eventJournal.alerts,
        receivedAt: eventJournal.receivedAt,
      })
      .from(eventJournal)
      .where(
        and(
          isNull(eventJournal.processedAt),
          options.upTo === undefined ? undefined : lte(eventJournal.id, options.upTo),
        ),
      )
      .orderBy(asc(eventJournal.id))
      .limit(options.limit + 1);
    const more = rows.length > options.limit;
    const batch = rows.slice(0, options.limit);
    if (batch.length === 0) return { processed: 0, more: false };
    const integrationIds = [...new Set(batch.map((row) => row.integrationId))];
    const integrations = new Map(
      (await tx.select().from(eventIntegrations).where(inArray(eventIntegrations.id, integrationIds))).map(
        (row) => [row.id, row] as [string, IntegrationRow],
      ),
    );
    const outcomes: { id: number; outcome: JournalOutcome }[] = [];
    const toCorrelate: string[] = [];
    // Consecutive messages of one integration received within `groupSpanMs` are stored as one
    // call, at the newest one's reception (a few ms later than the oldest's under load).
    for (let start = 0; start < batch.length; ) {
      const first = batch[start]!;
      let end = start + 1;
      while (
        end < batch.length &&
        batch[end]!.integrationId === first.integrationId &&
        batch[end]!.receivedAt.getTime() - first.receivedAt.getTime() <= groupSpanMs
      )
        end++;
      const group = batch.slice(start, end);
      const stored = await storeMessagesIn(
        tx,
        integrations.get(first.integrationId)!,
        group.map(alertsOf),
        group.at(-1)!.receivedAt,
        settings,
      );
      toCorrelate.push(...stored.toCorrelate);
      group.forEach((row, index) => {
        const { created, updated, duplicates } = stored.messages[index]!;
        outcomes.push({ id: row.id, outcome: { created, updated, duplicates } });
      });
      start = end;
    }
    await tx.execute(sql`
      update ${eventJournal} as j
         set processed_at = ${context.clock.now().toISOString()}::timestamptz, outcome = x.outcome
        from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as x(id bigint, outcome jsonb)
       where j.id = x.id`);
    await enqueueCorrelation(tx, [...new Set(toCorrelate)]);
    return { processed: batch.length, more };
  });
}

/** The oldest pending message could not be stored on its own: marked with the error and dead-lettered. */
async function markFailed(context: AppContext, error: unknown, upTo: number | undefined): Promise<void> {
  const reason = `could not be stored: ${(error as Error).message}`.slice(0, 2000);
  const row = await withTransaction(context.db, actor, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${drainLock})`);
    const [oldest] = await tx
      .select()
      .from(eventJournal)
      .where(
        and(isNull(eventJournal.processedAt), upTo === undefined ? undefined : lte(eventJournal.id, upTo)),
      )
      .orderBy(asc(eventJournal.id))
      .limit(1);
    if (!oldest) return null;
    await tx
      .update(eventJournal)
      .set({ processedAt: context.clock.now(), outcome: { error: reason } })
      .where(eq(eventJournal.id, oldest.id));
    return oldest;
  });
  if (row) await deadLetter(context, row.integrationId, reason, null, JSON.stringify(row.alerts));
}

/**
 * Drains until a drain finds nothing pending (the `events.ingest` job): under a steady stream one
 * job keeps draining, each batch what arrived during the previous one, with no job pickup between.
 */
export async function drainAll(context: AppContext): Promise<void> {
  for (;;) {
    const { processed } = await drainJournal(context);
    if (processed === 0) return;
  }
}

/**
 * Waits (bounded) until every message up to `upTo` is processed, draining them itself when no one
 * else is; true when they are.
 */
export async function awaitProcessed(context: AppContext, upTo: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [pending] = await context.db
      .select({ id: eventJournal.id })
      .from(eventJournal)
      .where(and(isNull(eventJournal.processedAt), lte(eventJournal.id, upTo)))
      .limit(1);
    if (!pending) return true;
    if (performance.now() >= deadline) return false;
    const drained = await drainJournal(context, { upTo, unlessBusy: true });
    // Another drain is at work (the worker): look again shortly.
    if (drained.busy) await new Promise((resolve) => setTimeout(resolve, busyPollMs));
  }
}

/** How often a waiting reader looks again while another drain works. */
const busyPollMs = 5;

/** How long a read waits for the messages answered before it (then it reads what is stored). */
export const readBarrierMs = 2_000;

/**
 * Read-your-writes for alert reads: the messages pending when the read starts (all answered
 * before it, or at the same time) are processed first, within `readBarrierMs`.
 */
export async function journalBarrier(context: AppContext): Promise<void> {
  const [newest] = await context.db
    .select({ id: sql<number | null>`max(${eventJournal.id})`.mapWith(Number) })
    .from(eventJournal)
    .where(isNull(eventJournal.processedAt));
  if (newest?.id === undefined || newest.id === null || Number.isNaN(newest.id)) return;
  await awaitProcessed(context, newest.id, readBarrierMs);
}

/** What processing did to a journalled message (null while pending, or when it is gone). */
export async function journalOutcome(context: AppContext, id: number): Promise<JournalOutcome | null> {
  const [row] = await context.db
    .select({ outcome: eventJournal.outcome })
    .from(eventJournal)
    .where(eq(eventJournal.id, id));
  return row?.outcome ?? null;
}

/** Processed messages are kept an hour (their counts answer `?wait=processed`), then deleted. */
export async function pruneJournal(context: AppContext, now: Date): Promise<void> {
  await drainAll(context);
  await context.db.execute(
    sql`delete from ${eventJournal} where processed_at < ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`,
  );
}
