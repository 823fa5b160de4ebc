// Jobs may run twice (a worker dies after the work, before marking it done) or at once: an
// occurrence is dispatched once, and a delivery is sent once. Run here by calling the job
// handlers directly, without a worker.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { getTicketById, ticketFromJson, ticketJsonById } from '../tickets/index.js';
import { deliver } from './pipeline/deliver.js';
import { dispatch } from './pipeline/dispatch.js';
import { directJob as job, publicUrl, rowsOf, startAppWithMail } from './testing/pipeline.js';
import type { SmtpReceiver } from './testing/smtp-receiver.js';

let t: TestApp;
let receiver: SmtpReceiver;
let stop: () => Promise<void>;

// The job path: what a worker runs when the recording process did not dispatch after commit.
beforeAll(async () => ({ t, receiver, stop } = await startAppWithMail({ dispatchAfterCommit: false })));
afterAll(() => stop());

const rows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(t, query);

describe('running the notification jobs twice', () => {
  let eventId: string;

  it('records the occurrence and its dispatch job with the ticket change itself (a process that does not dispatch after commit)', async () => {
    const { key } = await fileRequest(t, await t.login('dev@opsdesk.local'), 'start-request-only-staging', {
      environment: 'bugfix1x2',
    });
    const occurrences = await rows<{ id: string; event: string }>(
      sql`select e.id, e.event from notification_events e join tickets t on t.id = e.ticket_id where t.key = ${key}`,
    );
    expect(occurrences.map((row) => row.event)).toEqual(['request.filed']);
    eventId = occurrences[0]!.id;
    const jobs = await rows<{ payload: { eventId: string } }>(
      sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = 'notifications.dispatch'`,
    );
    expect(jobs.map((row) => row.payload.eventId)).toEqual([eventId]);
  });

  it('dispatches once, even when two runs race', async () => {
    await Promise.all([dispatch(t.context, eventId), dispatch(t.context, eventId)]);
    await dispatch(t.context, eventId);
    const deliveries = await rows<{ channel: string; status: string }>(
      sql`select channel, status from notification_deliveries where event_id = ${eventId} order by channel`,
    );
    // The requester filed it: the receipt goes by email, not to their own bell (issue 21).
    expect(deliveries).toEqual([{ channel: 'email', status: 'pending' }]);
    const inbox = await rows<{ count: number }>(sql`select count(*)::int as count from in_app_notifications`);
    expect(inbox[0]!.count).toBe(0);
  });

  it('sends once: not while another run is sending it, then once that run is taken for dead, then never again', async () => {
    const [email] = await rows<{ id: string }>(
      sql`select id from notification_deliveries where event_id = ${eventId} and channel = 'email'`,
    );
    const id = email!.id;
    // Another worker is in the middle of sending it.
    await t.context.db.execute(
      sql`update notification_deliveries set status = 'sending', updated_at = now() where id = ${id}`,
    );
    await expect(deliver(t.context, id, job)).rejects.toThrow(`delivery ${id} is being sent`);
    expect(receiver.count()).toBe(0);
    // That worker died mid-send two minutes ago: this run takes over.
    await t.context.db.execute(
      sql`update notification_deliveries set updated_at = now() - interval '121 seconds' where id = ${id}`,
    );
    await deliver(t.context, id, job);
    await deliver(t.context, id, job);
    expect(receiver.count()).toBe(1);
    const [sent] = await rows<{ status: string; attempts: number; message_id: string }>(
      sql`select status, attempts, message_id from notification_deliveries where id = ${id}`,
    );
    expect(sent).toEqual({
      status: 'sent',
      attempts: 1,
      message_id: `<dlv_${id.replaceAll('-', '')}@opsdesk.test>`,
    });
  });
});

describe('the bell when occurrences are dispatched out of order', () => {
  it('marks the older unread entries of the ticket read, and stores this one read when a newer one is unread', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' });
    const [ticket] = await rows<{ id: string; requester_id: string }>(
      sql`select id, requester_id from tickets where key = ${key}`,
    );
    const [lead] = await rows<{ id: string }>(sql`select id from users where email = 'lead@opsdesk.local'`);
    const inbox = (dedupeKey: string, minutes: number) => sql`
      insert into in_app_notifications (user_id, dedupe_key, event, ticket_id, title, url, created_at)
      values (${ticket!.requester_id}, ${dedupeKey}, 'request.filed', ${ticket!.id}, ${dedupeKey}, ${publicUrl},
              now() + ${minutes} * interval '1 minute')`;
    await t.context.db.execute(inbox(`older:${key}`, -60));
    await t.context.db.execute(inbox(`newer:${key}`, 60));
    const [event] = await rows<{ id: string }>(sql`
      insert into notification_events (dedupe_key, event, ticket_id, facts, occurred_at)
      values (${`approved:${key}`}, 'request.approved', ${ticket!.id},
              ${JSON.stringify({ actorId: lead!.id, actorLabel: 'lead@opsdesk.local', to: 'in_progress' })}::jsonb, now())
      returning id`);
    await dispatch(t.context, event!.id);
    const entries = await rows<{ title: string; read: boolean }>(sql`
      select title, read_at is not null as read from in_app_notifications
       where ticket_id = ${ticket!.id} order by created_at`);
    expect(entries).toEqual([
      { title: `older:${key}`, read: true },
      { title: expect.stringMatching(new RegExp(`^\\[${key}\\] Approved: `)), read: true },
      { title: `newer:${key}`, read: false },
    ]);
  });
});

describe('the occurrence read with its ticket', () => {
  it('gives the ticket as the tickets module reads it, and none for a missing one', async () => {
    const dev = await t.login('dev@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    const [ticket] = await rows<{ id: string }>(sql`select id from tickets where key = ${key}`);
    const read = async (id: string) => {
      const [row] = await t.context.db
        .select({ ticket: ticketJsonById(sql`${id}::uuid`) })
        .from(sql`(select 1) as one`);
      return ticketFromJson(row!.ticket);
    };
    const expected = await getTicketById(t.context.db, ticket!.id);
    expect(expected?.key).toBe(key);
    expect(await read(ticket!.id)).toEqual(expected);
    expect(await read('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
