// The SMTP server goes away: notifications wait in the queue, retried with backoff, and go out
// once it is back, each exactly once. A recipient the server refuses for good is not retried.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileRequest } from '../../testing/tickets.js';
import { closeEmailChannels } from './channels/email-settings.service.js';
import { configureSmtp, eventually, mails, publicUrl } from './testing/pipeline.js';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtp-receiver.js';

interface Delivery {
  event: string;
  channel: string;
  status: string;
  attempts: number;
  lastErrorCode: string | null;
  messageId: string | null;
  recipient: { address: string | null };
  nextAttemptAt: string | null;
}

let t: TestApp;
let admin: string;
let port: number;
const receivers: SmtpReceiver[] = [];

beforeAll(async () => {
  // A free port, then nothing listening on it: the SMTP server is down.
  const probe = await startSmtpReceiver();
  port = probe.port;
  await probe.close();
  t = await startTestApp({
    worker: true,
    config: {
      OPSDESK_PUBLIC_URL: publicUrl,
      OPSDESK_NOTIFY_RETRY_BASE_MS: '100',
      OPSDESK_ALLOW_PRIVATE_NETWORKS: '1',
    },
  });
  admin = await t.login('admin@opsdesk.local');
  await configureSmtp(t, admin, port);
});
afterAll(async () => {
  await t.close();
  closeEmailChannels();
  for (const receiver of receivers) await receiver.close();
});

async function emailDeliveries(): Promise<Delivery[]> {
  const response = await t.api('GET', '/api/v1/admin/notifications/deliveries?channel=email&limit=200', {
    token: admin,
  });
  expect(response.status).toBe(200);
  return response.body.items;
}

describe('a failing SMTP server', () => {
  it('keeps the messages waiting and retrying while the server is down', async () => {
    const [dev, pm] = await Promise.all([t.login('dev@opsdesk.local'), t.login('pm@opsdesk.local')]);
    await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    await fileRequest(t, pm, 'start-request-only-staging', { environment: 'promo-2x' });
    // Filed (dev, pm) and approval requested (lead, twice): all waiting, each tried at least 3 times.
    const waiting = await eventually(async () => {
      const deliveries = await emailDeliveries();
      return deliveries.length === 4 && deliveries.every((delivery) => delivery.attempts >= 3)
        ? deliveries
        : undefined;
    }, 'four email deliveries retried three times');
    for (const delivery of waiting) {
      expect(delivery.status === 'retrying' || delivery.status === 'sending').toBe(true);
      expect(delivery.lastErrorCode).toBe('connection_failed');
      expect(delivery.messageId).toBeNull();
    }
  });

  it('delivers every waiting message once the server is back, none twice', async () => {
    const receiver = await startSmtpReceiver({ port });
    receivers.push(receiver);
    const sent = await eventually(async () => {
      const deliveries = await emailDeliveries();
      return deliveries.every((delivery) => delivery.status === 'sent') ? deliveries : undefined;
    }, 'every email delivery sent');
    expect(sent.map((delivery) => [delivery.event, delivery.recipient.address]).sort()).toEqual([
      ['approval.requested', 'lead@opsdesk.local'],
      ['approval.requested', 'lead@opsdesk.local'],
      ['request.filed', 'dev@opsdesk.local'],
      ['request.filed', 'pm@opsdesk.local'],
    ]);
    // The worker keeps running: give a stray second attempt the time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ids = mails(receiver).map((mail) => mail.headers['message-id']);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(ids.sort()).toEqual(sent.map((delivery) => delivery.messageId).sort());
  });

  it('gives up at once on a recipient the server refuses for good', async () => {
    const refusing = await startSmtpReceiver({ rejectRecipients: { 'dev@opsdesk.local': 550 } });
    receivers.push(refusing);
    await configureSmtp(t, admin, refusing.port);
    const dev = await t.login('dev@opsdesk.local');
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', {
      environment: 'feature-payments',
    });
    const failed = await eventually(async () => {
      const deliveries = await emailDeliveries();
      return deliveries.find((delivery) => delivery.status === 'failed');
    }, 'a failed delivery');
    expect(failed).toMatchObject({
      event: 'request.filed',
      attempts: 1,
      lastErrorCode: 'recipient_rejected',
      nextAttemptAt: null,
      recipient: { address: 'dev@opsdesk.local' },
    });
    const infra = await t.login('infra@opsdesk.local');
    const log = await t.api('GET', `/api/v1/tickets/${key}/deliveries`, { token: infra });
    expect(log.body.find((delivery: Delivery) => delivery.status === 'failed').lastErrorCode).toBe(
      'recipient_rejected',
    );
    expect(refusing.received.flatMap((mail) => mail.to)).not.toContain('dev@opsdesk.local');
    // Sent (or given up) by the dispatch itself: no deliver job is added for it, no attempt is left
    // waiting.
    // (The next occurrences of the ticket, approval requested, may still be in flight.)
    await eventually(async () => {
      const waiting = await t.context.db.execute<{ count: number }>(
        sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = 'notifications.deliver'`,
      );
      return waiting.rows[0]!.count === 0 ? true : undefined;
    }, 'no deliver job left');
  });
});
