// Dispatching an occurrence in the process that recorded it, as soon as its transaction commits
// (issue 18): no dispatch job to add, fetch and complete per event, and no wait for a worker. The
// committed notification_events row is the durable record (a transactional outbox): when this
// process cannot take the occurrence (none started here, too many waiting, stopping) or its
// dispatch fails, a dispatch job takes over; when the process dies first, the sweep finds the
// row still undispatched and adds the job (and, for a message it died sending, the deliver job).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { afterCommit, type Db, databaseOf, type Tx } from '../../../db/client.js';
import { inScope } from '../../../db/statement-counter.js';
import { notificationJobs } from '../notifications.jobs.js';
import { sendingTimeoutMs } from './deliver.js';
import { dispatch } from './dispatch.js';

/** Occurrences dispatched at once by one process; more wait in its queue. */
const concurrency = 2;
/** Beyond this many waiting, occurrences go to dispatch jobs (any worker process takes them). */
const queueLimit = 500;
/** An undispatched occurrence older than this was lost by its process: the sweep adds its job. */
export const sweepAfterSeconds = 30;
/** Older undispatched occurrences are left alone (their dispatch failed for good, or is obsolete). */
const sweepWithinHours = 24;

interface Dispatcher {
  context: AppContext;
  waiting: string[];
  pumps: number;
}

/** One per database pool: a process's contexts (tests run several) each dispatch their own. */
const dispatchers = new WeakMap<Db, Dispatcher>();

/**
 * Dispatches this context's occurrences after commit from now on (the composition root calls it
 * once); `false` leaves them to their dispatch jobs (tests of the job path).
 */
export function dispatchAfterCommits(context: AppContext, on = true): void {
  if (on) dispatchers.set(context.db, { context, waiting: [], pumps: 0 });
  else dispatchers.delete(context.db);
}

/**
 * Asks for the occurrence `eventId`, recorded in `tx`, to be dispatched once `tx` commits.
 * Returns false when this process will not (the caller adds the dispatch job in `tx` instead).
 */
export function dispatchOnCommit(tx: Tx, eventId: string): boolean {
  const db = databaseOf(tx);
  const dispatcher = db ? dispatchers.get(db) : undefined;
  if (!dispatcher || dispatcher.waiting.length >= queueLimit) return false;
  return afterCommit(tx, () => {
    dispatcher.waiting.push(eventId);
    if (dispatcher.pumps < concurrency) start(dispatcher);
  });
}

function start(dispatcher: Dispatcher): void {
  const { context } = dispatcher;
  dispatcher.pumps++;
  const started = context.background.run(async (signal) => {
    try {
      for (let eventId = dispatcher.waiting.shift(); eventId; eventId = dispatcher.waiting.shift()) {
        // Stopping: this one and what waits go to jobs, so a stop lasts one dispatch, not 500.
        if (context.background.closing) {
          await toJobs(context, [eventId, ...dispatcher.waiting.splice(0)]);
          return;
        }
        await dispatchOne(context, eventId, signal);
      }
    } finally {
      dispatcher.pumps--;
    }
  });
  if (!started) {
    // Stopping: what waits goes to jobs (or, if the pool is closing too, to the sweep).
    dispatcher.pumps--;
    const left = dispatcher.waiting.splice(0);
    void toJobs(context, left);
  }
}

async function dispatchOne(context: AppContext, eventId: string, signal: AbortSignal): Promise<void> {
  try {
    await inScope('dispatch after commit', () => dispatch(context, eventId, { signal, log: context.log }));
  } catch (error) {
    context.log.warn({ err: error, eventId }, 'notification dispatch after commit failed: a job retries it');
    await toJobs(context, [eventId]);
  }
}

/** Dispatch jobs for occurrences this process could not dispatch (keyed: the sweep adds no second). */
async function toJobs(context: AppContext, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await notificationJobs
    .enqueueMany(
      context.db,
      'notifications.dispatch',
      eventIds.map((eventId) => ({ payload: { eventId }, jobKey: dispatchJobKey(eventId) })),
    )
    .catch((error: unknown) =>
      context.log.error(
        { err: error, count: eventIds.length },
        'dispatch jobs not added: the sweep adds them',
      ),
    );
}

export const dispatchJobKey = (eventId: string) => `dispatch:${eventId}`;

/**
 * The sweep (every minute): occurrences recorded more than `sweepAfterSeconds` ago and still
 * undispatched get a dispatch job, and messages stuck `sending` past `sendingTimeoutMs` (the
 * process sending them died before recording the outcome) get the deliver job that takes them
 * over, unless a job of theirs that has attempts left is there already. Returns how many jobs it
 * added.
 */
export async function sweep(context: AppContext): Promise<{ dispatches: number; sends: number }> {
  const undispatched = await context.db.execute<{ id: string }>(sql`
    select e.id from notification_events e
     where e.dispatched_at is null
       and e.recorded_at < now() - make_interval(secs => ${sweepAfterSeconds})
       and e.recorded_at > now() - make_interval(hours => ${sweepWithinHours})
       and not exists (select 1 from graphile_worker.jobs j
                        where j.key = 'dispatch:' || e.id::text and j.attempts < j.max_attempts)
     order by e.recorded_at
     limit 1000`);
  const stale = await context.db.execute<{ id: string; attempts: number }>(sql`
    select d.id, d.attempts from notification_deliveries d
     where d.status = 'sending'
       and d.updated_at < now() - make_interval(secs => ${sendingTimeoutMs / 1000})
       and d.updated_at > now() - make_interval(hours => ${sweepWithinHours})
       -- The job of this attempt (it claimed it), or of the one before (a takeover claims the
       -- next attempt under its own key); one that failed for good does not count (added again,
       -- its key's job starts over).
       and not exists (select 1 from graphile_worker.jobs j
                        where j.key in ('deliver:' || d.id::text || ':' || d.attempts,
                                        'deliver:' || d.id::text || ':' || (d.attempts - 1))
                          and j.attempts < j.max_attempts)
     order by d.updated_at
     limit 1000`);
  await notificationJobs.enqueueMany(
    context.db,
    'notifications.dispatch',
    undispatched.rows.map(({ id }) => ({ payload: { eventId: id }, jobKey: dispatchJobKey(id) })),
  );
  await notificationJobs.enqueueMany(
    context.db,
    'notifications.deliver',
    stale.rows.map(({ id, attempts }) => ({
      payload: { deliveryId: id },
      jobKey: `deliver:${id}:${attempts}`,
    })),
  );
  const found = { dispatches: undispatched.rows.length, sends: stale.rows.length };
  if (found.dispatches + found.sends > 0)
    context.log.warn(found, 'notifications left behind by a stopped process: jobs added');
  return found;
}
