// Notifications dispatched by the process that records them, once the change commits (issue 18),
// with the committed row as the durable record: no dispatch job in the common case, a job when the
// dispatch fails or the process is stopping, and the sweep for what a dead process left behind.
// Without a worker, so every job seen here was added by the path under test.
import { sql } from 'drizzle-orm';
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

  it('dispatches nothing for a change that rolls back', async () => {
    const [ticket] = await rows<{ id: string }>(sql`select id from tickets order by created_at limit 1`);
    const sent = receiver.count();
    await expect(
      withTransaction(t.context.db, systemActor('test'), async (tx) => {
        await recordOccurrence(tx, {
          event: 'request.approved',
          dedupeKey: 'rolled-back:1',
          occurredAt: new Date(),
          ticketId: ticket!.id,
          facts: { actorId: null, to: 'in_progress' },
        });
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow('the change fails after recording');
    await t.context.background.idle();
    expect(await rows(sql`select id from notification_events where dedupe_key = 'rolled-back:1'`)).toEqual(
      [],
    );
    expect(receiver.count()).toBe(sent);
    expect(await notificationJobs()).toEqual([]);
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
  it('waits for the dispatches it started, and leaves later occurrences to jobs', async () => {
    const { key: first } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    await t.context.background.close();
    expect((await filedEvent(first)).dispatched).toBe(true);
    // Stopping (the HTTP server closes first in a real stop; a job's transaction may still commit).
    const { key: second } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'promo-2x',
    });
    const event = await filedEvent(second);
    expect(event.dispatched).toBe(false);
    await expect
      .poll(async () => (await notificationJobs()).map((row) => row.key))
      .toEqual([`dispatch:${event.id}`]);
  });
});
