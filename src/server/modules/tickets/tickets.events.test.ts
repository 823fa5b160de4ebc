// Live updates over Server-Sent Events, through a real listening server.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor, withTransaction } from '../../db/client.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { notifyUsers } from './lifecycle.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp({ worker: true });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

/**
 * Collects `event: ticket` frames of an SSE stream until `done` says enough, or for `withinMs`
 * at most (the stream is closed then, not left waiting for its next keep-alive).
 */
async function collect(
  token: string,
  done: (events: any[]) => boolean,
  action: () => Promise<unknown>,
  withinMs = 15_000,
) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: any[] = [];
  let buffer = '';
  await reader.read(); // the "connected" comment: subscribed from here on
  const acting = action();
  const timer = setTimeout(() => controller.abort(), withinMs);
  try {
    while (!done(events)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop()!;
      for (const frame of frames) {
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (frame.includes('event: ticket') && data) events.push(JSON.parse(data.slice(6)));
        if (frame.includes('event: notification')) events.push({ type: 'notification' });
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  await acting;
  return events;
}

it('the requester sees their request move through the workflow without polling', async () => {
  const dev = await t.login('dev@opsdesk.local');
  let key = '';
  const events = await collect(
    dev,
    (seen) => seen.some((event) => event.key === key && event.status === 'waiting_for_approval'),
    async () => {
      key = (await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' })).key;
    },
  );
  const mine = events.filter((event) => event.key === key);
  expect(mine[0]).toEqual({ type: 'ticket.created', key, status: 'waiting_for_verification' });
  expect(mine.map((event) => event.status)).toContain('waiting_for_approval');
});

it('the approver is told when asked; someone else’s requester hears nothing of it', async () => {
  const [dev, lead, pm] = await Promise.all(
    ['dev', 'lead', 'pm'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  let key = '';
  const leadEvents = collect(
    lead,
    (seen) => seen.some((event) => event.key === key && event.type === 'approval.requested'),
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      key = (await fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' })).key;
    },
  );
  const pmEvents = collect(
    pm,
    () => false,
    async () => undefined,
    2500,
  );
  const [forLead, forPm] = await Promise.all([leadEvents, pmEvents]);
  expect(forLead.some((event) => event.key === key && event.type === 'approval.requested')).toBe(true);
  expect(forPm.filter((event) => event.key === key)).toEqual([]);
});

it('an approver’s bell rings live when a request waits for them', async () => {
  const [dev, lead] = await Promise.all(['dev', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)));
  const before = (await t.api('GET', '/api/v1/notifications/unread-count', { token: lead })).body;
  const events = await collect(
    lead,
    (seen) => seen.some((event) => event.type === 'notification'),
    () => fileRequest(t, dev, 'start-request-only-staging', { environment: 'promo-2x' }),
  );
  expect(events.some((event) => event.type === 'notification')).toBe(true);
  const after = (await t.api('GET', '/api/v1/notifications/unread-count', { token: lead })).body;
  expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
});

it('tells every open page to refetch when its listening connection was lost and is back', async () => {
  const dev = await t.login('dev@opsdesk.local');
  const events = await collect(
    dev,
    (seen) => seen.some((event) => event.type === 'resync'),
    // What changes while the server does not listen sends no event: pages must read again.
    async () => {
      const [ended] = (
        await t.context.db.execute(
          sql`select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = 'opsdesk-events' and datname = current_database()`,
        )
      ).rows;
      expect(ended).toEqual({ ended: true });
    },
  );
  expect(events).toContainEqual({ type: 'resync' });
  expect(events).toContainEqual({ type: 'notification' });
});

it('reaches a participant of a ticket followed by hundreds, and rings the bells of hundreds at once', async () => {
  // PostgreSQL refuses a NOTIFY payload of 8,000 bytes: ~200 ids in one message would make the
  // ticket's every change fail.
  const [dev, pm] = await Promise.all([t.login('dev@opsdesk.local'), t.login('pm@opsdesk.local')]);
  const filed = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
  const many = await t.context.db.execute<{ id: string }>(sql`
    insert into users (email, display_name)
    select 'follower' || n || '-' || ${filed.key} || '@example.test', 'Follower ' || n from generate_series(1, 400) n
    returning id`);
  const ids = many.rows.map((row) => row.id);
  const pmId = (
    await t.context.db.execute<{ id: string }>(sql`select id from users where email = 'pm@opsdesk.local'`)
  ).rows[0]!.id;
  await t.context.db.execute(sql`
    insert into ticket_participants (ticket_id, user_id, role, active, since)
    select tk.id, u::uuid, 'follower', true, now() from tickets tk, unnest(string_to_array(${[...ids, pmId].join(',')}, ',')) u where tk.key = ${filed.key}`);

  const events = await collect(
    pm,
    (seen) =>
      seen.some((event) => event.key === filed.key && event.type === 'ticket.commented') &&
      seen.some((event) => event.type === 'notification'),
    async () => {
      const commented = await t.api('POST', `/api/v1/tickets/${filed.key}/comments`, {
        token: dev,
        body: { body: 'Still needed tomorrow' },
      });
      expect(commented.status).toBe(201);
      await withTransaction(t.context.db, systemActor('test'), (tx) => notifyUsers(tx, [...ids, pmId]));
    },
  );
  expect(events.filter((event) => event.key === filed.key).map((event) => event.type)).toContain(
    'ticket.commented',
  );
  expect(events).toContainEqual({ type: 'notification' });
});
