// Notifications dispatched by the process that records them, once the change commits (issue 18),
// with the committed row as the durable record: no dispatch job in the common case, a job when the
// dispatch fails or the process is stopping, and the sweep for what a dead process left behind.
// Without a worker, so every job seen here was added by the path under test.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withTransaction } from '../../db/client.js';
import type { TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { sweep } from './pipeline/after-commit.js';
import { deliver } from './pipeline/deliver.js';
import { dispatch } from './pipeline/dispatch.js';
import { recordOccurrence } from './pipeline/occurrences.js';
import { directJob as job, rowsOf, startAppWithMail } from './testing/pipeline.js';
import type { SmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let stop: () => Promise<void>;
let dev: string;

beforeAll(async () => {
  ({ t, receiver, stop } = await startAppWithMail());
  dev = await t.login('dev@opsdesk.local');
});
afterAll(() => stop());

const rows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(t, query);

const notificationJobs = () =>
  rows<{ task: string; key: string | null; payload: Record<string, string> }>(sql`
    select t.identifier as task, j.key, j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier like 'notifications.%' order by j.id`);

async function filedEvent(key: string) {
  const [event] = await rows<{ id: string; dispatched: boolean }>(sql`
    select e.id, e.dispatched_at is not null as dispatched from notification_events e
      join tickets t on t.id = e.ticket_id where t.key = ${key} and e.event = 'request.filed'`);
  return event!;
}

describe('dispatching after commit', () => {
  it('tells the requester by email with no worker running and no notification job added', async () => {
    const before = receiver.count();
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    await t.context.background.idle();
    expect((await filedEvent(key)).dispatched).toBe(true);
    const deliveries = await rows<{ channel: string; status: string; attempts: number }>(sql`
      select d.channel, d.status, d.attempts from notification_deliveries d
        join tickets t on t.id = d.ticket_id where t.key = ${key} and d.event = 'request.filed'`);
    expect(deliveries).toEqual([{ channel: 'email', status: 'sent', attempts: 1 }]);
    expect(receiver.count()).toBe(before + 1);
    expect(await notificationJobs()).toEqual([]);
  });

  it('leaves an occurrence recorded in a savepoint to its dispatch job, added with the change', async () => {
    const [ticket] = await rows<{ id: string }>(sql`select id from tickets order by created_at limit 1`);
    // A savepoint may roll back while its transaction commits: no after-commit dispatch for it.
    const eventId = await withTransaction(t.context.db, systemActor('test'), (tx) =>
      tx.transaction((savepoint) =>
        recordOccurrence(savepoint, {
          event: 'request.approved',
          dedupeKey: 'in-a-savepoint:1',
          occurredAt: new Date(),
          ticketId: ticket!.id,
          facts: { actorId: null, to: 'in_progress' },
        }),
      ),
    );
    await t.context.background.idle();
    const [event] = await rows<{ dispatched: boolean }>(
      sql`select dispatched_at is not null as dispatched from notification_events where id = ${eventId}`,
    );
    expect(event).toEqual({ dispatched: false });
    expect(await notificationJobs()).toEqual([
      { task: 'notifications.dispatch', key: `dispatch:${eventId}`, payload: { eventId } },
    ]);
    await dispatch(t.context, eventId!, job);
    await t.context.db.execute(sql`select graphile_worker.remove_job(${`dispatch:${eventId}`})`);
  });

  it('leaves a dispatch that fails to a job, which dispatches it once the cause is gone', async () => {
    // The store of deliveries refuses for a moment (a lost connection, a full disk …).
    await t.context.db.execute(sql`
      create function refuse_deliveries() returns trigger language plpgsql as $$
        begin raise exception 'deliveries refused for the test'; end $$;
      create trigger refuse_deliveries before insert on notification_deliveries
        for each statement execute function refuse_deliveries()`);
    let key = '';
    try {
      ({ key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' }));
      await t.context.background.idle();
    } finally {
      await t.context.db.execute(sql`
        drop trigger refuse_deliveries on notification_deliveries; drop function refuse_deliveries()`);
    }
    const event = await filedEvent(key);
    expect(event.dispatched).toBe(false);
    expect(await notificationJobs()).toEqual([
      { task: 'notifications.dispatch', key: `dispatch:${event.id}`, payload: { eventId: event.id } },
    ]);
    const sent = receiver.count();
    await dispatch(t.context, event.id, job);
    expect((await filedEvent(key)).dispatched).toBe(true);
    expect(receiver.count()).toBe(sent + 1);
    await t.context.db.execute(sql`select graphile_worker.remove_job(${`dispatch:${event.id}`})`);
  });
});

describe('the sweep', () => {
  it('adds a dispatch job for an occurrence a stopped process left undispatched, once, and not for a recent one', async () => {
    const [ticket] = await rows<{ id: string }>(sql`select id from tickets order by created_at limit 1`);
    const insert = (dedupeKey: string, secondsAgo: number) =>
      rows<{ id: string }>(sql`
        insert into notification_events (dedupe_key, event, ticket_id, facts, occurred_at, recorded_at)
        values (${dedupeKey}, 'request.approved', ${ticket!.id}, '{"actorId":null,"to":"in_progress"}'::jsonb,
                now() - make_interval(secs => ${secondsAgo}), now() - make_interval(secs => ${secondsAgo}))
        returning id`);
    const [lost] = await insert('lost:1', 60);
    const [recent] = await insert('recent:1', 5);
    const [old] = await insert('old:1', 2 * 86_400);
    // As migration 0031 left the rows it found: their own (unkeyed) jobs dispatch them.
    const [before] = await rows<{ id: string }>(sql`
      insert into notification_events (dedupe_key, event, ticket_id, facts, occurred_at, recorded_at)
      values ('before-0031:1', 'request.approved', ${ticket!.id}, '{"actorId":null,"to":"in_progress"}'::jsonb,
              now() - interval '1 hour', '-infinity')
      returning id`);
    expect(await sweep(t.context)).toEqual({ dispatches: 1, sends: 0 });
    expect(await notificationJobs()).toEqual([
      { task: 'notifications.dispatch', key: `dispatch:${lost!.id}`, payload: { eventId: lost!.id } },
    ]);
    expect(await sweep(t.context)).toEqual({ dispatches: 0, sends: 0 });
    // The job runs: dispatched, and nothing left for the next sweep.
    await dispatch(t.context, lost!.id, job);
    await t.context.db.execute(sql`select graphile_worker.remove_job(${`dispatch:${lost!.id}`})`);
    expect(await sweep(t.context)).toEqual({ dispatches: 0, sends: 0 });
    expect(await notificationJobs()).toEqual([]);
    await dispatch(t.context, before!.id, job);
    const [dispatchedBefore] = await rows<{ dispatched: boolean }>(
      sql`select dispatched_at is not null as dispatched from notification_events where id = ${before!.id}`,
    );
    expect(dispatchedBefore).toEqual({ dispatched: true });
    await t.context.db.execute(
      sql`delete from notification_events where id in (${recent!.id}::uuid, ${old!.id}::uuid)`,
    );
  });

  it('has a message left sending by a stopped process taken over by a deliver job, and sent once', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    await t.context.background.idle();
    const [delivery] = await rows<{ id: string }>(sql`
      select d.id from notification_deliveries d join tickets t on t.id = d.ticket_id
       where t.key = ${key} and d.event = 'request.filed' and d.channel = 'email'`);
    const id = delivery!.id;
    // The process died mid-send a while ago: its record says sending, its first attempt counted.
    await t.context.db.execute(sql`
      update notification_deliveries set status = 'sending', attempts = 1, sent_at = null,
             updated_at = now() - interval '3 minutes' where id = ${id}`);
    expect(await sweep(t.context)).toEqual({ dispatches: 0, sends: 1 });
    expect(await notificationJobs()).toEqual([
      { task: 'notifications.deliver', key: `deliver:${id}:1`, payload: { deliveryId: id } },
    ]);
    expect(await sweep(t.context)).toEqual({ dispatches: 0, sends: 0 });
    // That job failed for good (its attempts spent, its key kept): the next sweep starts it over.
    await t.context.db.execute(
      sql`update graphile_worker._private_jobs set attempts = max_attempts where key = ${`deliver:${id}:1`}`,
    );
    expect(await sweep(t.context)).toEqual({ dispatches: 0, sends: 1 });
    const [again] = await rows<{ attempts: number }>(
      sql`select attempts from graphile_worker._private_jobs where key = ${`deliver:${id}:1`}`,
    );
    expect(again).toEqual({ attempts: 0 });
    const sent = receiver.count();
    await deliver(t.context, id, job);
    expect(receiver.count()).toBe(sent + 1);
    const [after] = await rows<{ status: string; attempts: number }>(
      sql`select status, attempts from notification_deliveries where id = ${id}`,
    );
    expect(after).toEqual({ status: 'sent', attempts: 2 });
    await t.context.db.execute(sql`select graphile_worker.remove_job(${`deliver:${id}:1`})`);
  });
});

describe('a process that is stopping', () => {
  it('finishes the dispatches it is running, hands what waits to jobs, and leaves later occurrences to jobs', async () => {
    // The deliveries' table is held by another session: the two dispatches running wait on it
    // to store theirs, and the occurrences of the next changes wait in the queue.
    const holder = new pg.Client({ connectionString: t.context.database.url });
    await holder.connect();
    await holder.query('begin; lock table notification_deliveries in exclusive mode');
    const filed = [];
    for (const environment of ['bugfix1x2', 'promo-2x', 'feature-payments', 'bugfix1x2', 'promo-2x'])
      filed.push(await fileRequest(t, dev, 'start-request-only-staging', { environment }));
    const closed = t.context.background.close();
    await holder.query('commit');
    await holder.end();
    await closed;
    const events = await Promise.all(filed.map(({ key }) => filedEvent(key)));
    const keys = (await notificationJobs()).map((row) => row.key);
    // The two running were finished; the three waiting went to jobs: none lost, none both.
    expect(events.map((event) => event.dispatched)).toEqual([true, true, false, false, false]);
    for (const event of events) expect(keys.includes(`dispatch:${event.id}`)).toBe(!event.dispatched);
    // A change committing now (a job's transaction while the worker stops) leaves its dispatch to a job.
    const { key: later } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'promo-2x',
    });
    const event = await filedEvent(later);
    expect(event.dispatched).toBe(false);
    await expect
      .poll(async () => (await notificationJobs()).map((row) => row.key))
      .toContain(`dispatch:${event.id}`);
  });
});
