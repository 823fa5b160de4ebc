// A dispatch sends an occurrence's few messages itself; one it never records (the process died)
// is found stale by the sweep and taken over by a deliver job. Through a relay that is very slow
// (each message "takes" 65 s here, on the injected clock), no message may go out twice: what the
// dispatch has not started within its budget goes to the deliver jobs, and a send taken over
// records nothing of its own.
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import { deliver } from './pipeline/deliver.js';
import { dispatch } from './pipeline/dispatch.js';
import { configureSmtp, directJob as job, publicUrl } from './testing/pipeline.js';

let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
let t: TestApp;
const received: string[] = [];
let afterEachMessage: (() => void) | null = null;
const relay = new SMTPServer({
  authOptional: true,
  logger: false,
  disabledCommands: ['AUTH', 'STARTTLS'],
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received.push(session.envelope.rcptTo.map((recipient) => recipient.address).join(','));
      offset += 65_000;
      afterEachMessage?.();
      callback();
    });
  },
});
beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const port = (relay.server.address() as { port: number }).port;
  t = await startTestApp({
    worker: false,
    dispatchAfterCommit: false,
    clock,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1' },
  });
  await configureSmtp(t, await t.login('admin@opsdesk.local'), port);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  relay.close();
});

it('sends each message once through a relay slower than the takeover of stale sends, the rest by their deliver jobs', async () => {
  // Every agent of the team is told of a new request: several e-mails for one occurrence.
  await t.context.db.execute(
    sql`insert into notification_rules (event, audience) values ('request.filed', 'agent_team')`,
  );
  const { key } = await fileRequest(t, await t.login('dev@opsdesk.local'), 'start-request-only-staging', {
    environment: 'bugfix1x2',
  });
  const [occurrence] = (
    await t.context.db.execute<{ id: string }>(
      sql`select e.id from notification_events e join tickets t on t.id = e.ticket_id where t.key = ${key} and e.event = 'request.filed'`,
    )
  ).rows;
  const takeovers: Promise<unknown>[] = [];
  let messages = 0;
  afterEachMessage = () => {
    if (++messages !== 1) return;
    // 155 s after the dispatch began: stale sends (2 min) are taken over while the dispatch goes on.
    offset += 90_000;
    takeovers.push(
      (async () => {
        // The first message is done (it took 65 s; the relay answers it as this hook returns):
        // its record lands before the takeovers look, as it does 90 s apart on a real clock.
        // (Looking before it landed would see it still sending, past its lease, and send it again
        // — at-least-once, but not the case this test is about.)
        for (let waited = 0; waited < 5_000; waited += 10) {
          const sent = await t.context.db.execute<{ n: number }>(
            sql`select count(*)::int as n from notification_deliveries where event_id = ${occurrence!.id} and channel = 'email' and status = 'sent'`,
          );
          if ((sent.rows[0]?.n ?? 0) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const sending = await t.context.db.execute<{ id: string }>(
          sql`select id from notification_deliveries where event_id = ${occurrence!.id} and channel = 'email' and status = 'sending'`,
        );
        for (const { id } of sending.rows) await deliver(t.context, id, job).catch(() => undefined);
      })(),
    );
  };
  await dispatch(t.context, occurrence!.id, job);
  await Promise.all(takeovers);
  afterEachMessage = null;

  const deliveries = await t.context.db.execute<{ id: string; status: string }>(
    sql`select id, status from notification_deliveries where event_id = ${occurrence!.id} and channel = 'email'`,
  );
  expect(deliveries.rows.length).toBeGreaterThan(1);
  // What the job did not send is pending with its deliver job due now; those jobs send it once.
  for (const { id, status } of deliveries.rows) if (status !== 'sent') await deliver(t.context, id, job);
  const final = await t.context.db.execute<{ status: string; recipient_address: string }>(
    sql`select status, recipient_address from notification_deliveries where event_id = ${occurrence!.id} and channel = 'email'`,
  );
  expect(final.rows.every((row) => row.status === 'sent')).toBe(true);
  expect(received.sort()).toEqual(final.rows.map((row) => row.recipient_address).sort());
});
