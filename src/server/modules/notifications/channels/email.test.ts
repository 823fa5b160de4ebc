import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { renderNotification } from '../../../lib/templates.js';
import { sampleContext } from '../pipeline/events.js';
import { defaultTemplates } from '../templates/defaults/index.js';
import { parseMail } from '../testing/mime.js';
import { type SmtpReceiver, type SmtpReceiverOptions, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { createEmailChannel, type EmailChannel } from './email.js';
import {
  type EmailMessage,
  parseSmtpSettings,
  type SmtpSettingsInput,
  smtpSettingsSchema,
} from './email-message.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const started = await startSmtpReceiver(options);
  cleanups.push(() => started.close());
  return started;
}

function channel(port: number, overrides: Partial<SmtpSettingsInput> = {}): EmailChannel {
  const created = createEmailChannel(
    smtpSettingsSchema.parse({
      host: '127.0.0.1',
      port,
      security: 'none',
      from: { name: 'Opsdesk', address: 'notifications@opsdesk.example.com' },
      timeouts: { connectMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
      ...overrides,
    }),
    // The receiver is on loopback.
    { allowPrivateNetworks: true },
  );
  cleanups.push(() => created.close());
  return created;
}

function fulfilledMessage(deliveryId: string): EmailMessage {
  const rendered = renderNotification(
    defaultTemplates['request.fulfilled'],
    sampleContext('request.fulfilled'),
  );
  if (!rendered.ok) throw new Error('the default template must render');
  return {
    deliveryId,
    to: { address: 'linh.nguyen@example.com', name: 'Linh Nguyen' },
    ...rendered.notification,
    threadKey: 'REQ-1042',
    listUnsubscribe: {
      url: 'https://opsdesk.example.com/notifications/unsubscribe/sample-token',
      mailto: 'unsubscribe@opsdesk.example.com',
      oneClick: true,
    },
  };
}

const crlfToLf = (text: string | null) => (text ?? '').replace(/\r\n/g, '\n');

describe('email over SMTP', () => {
  it('delivers headers, both parts and the links as a mail client sees them', async () => {
    const server = await receiver();
    const message = fulfilledMessage('dlv_01J9ZK3V4N');
    const outcome = await channel(server.port).send(message);

    expect(outcome).toMatchObject({ status: 'sent', messageId: '<dlv_01J9ZK3V4N@opsdesk.example.com>' });
    expect(server.received).toHaveLength(1);
    const received = server.received[0]!;
    expect(received.from).toBe('notifications@opsdesk.example.com');
    expect(received.to).toEqual(['linh.nguyen@example.com']);
    const mail = parseMail(received.raw);
    expect(mail.headers).toMatchObject({
      from: 'Opsdesk <notifications@opsdesk.example.com>',
      to: 'Linh Nguyen <linh.nguyen@example.com>',
      subject: '[REQ-1042] Done, please confirm: Start staging-7 for the payment QA run',
      'message-id': '<dlv_01J9ZK3V4N@opsdesk.example.com>',
      'in-reply-to': '<ticket.REQ-1042@opsdesk.example.com>',
      references: '<ticket.REQ-1042@opsdesk.example.com>',
      'list-unsubscribe':
        '<https://opsdesk.example.com/notifications/unsubscribe/sample-token>, <mailto:unsubscribe@opsdesk.example.com>',
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'auto-submitted': 'auto-generated',
    });
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(crlfToLf(mail.text)).toBe(message.text);
    expect(crlfToLf(mail.html)).toBe(message.html);
    expect(mail.text).toContain(
      'Confirm or report a problem: https://opsdesk.example.com/portal/requests/REQ-1042',
    );
    expect(mail.html).toContain('href="https://opsdesk.example.com/portal/requests/REQ-1042"');
  });

  it('gives a retried delivery the same Message-ID, and every message of a ticket the same thread', async () => {
    const server = await receiver();
    const email = channel(server.port);
    await email.send(fulfilledMessage('dlv_retried'));
    await email.send(fulfilledMessage('dlv_retried'));
    await email.send(fulfilledMessage('dlv_other'));
    const headers = server.received.map((received) => parseMail(received.raw).headers);
    expect(headers.map((header) => header['message-id'])).toEqual([
      '<dlv_retried@opsdesk.example.com>',
      '<dlv_retried@opsdesk.example.com>',
      '<dlv_other@opsdesk.example.com>',
    ]);
    expect(new Set(headers.map((header) => header.references))).toEqual(
      new Set(['<ticket.REQ-1042@opsdesk.example.com>']),
    );
  });

  it('leaves out unsubscribe and threading headers when there are none', async () => {
    const server = await receiver();
    await channel(server.port).send({
      ...fulfilledMessage('dlv_plain'),
      threadKey: null,
      listUnsubscribe: null,
    });
    const { headers } = parseMail(server.received[0]!.raw);
    expect(headers['list-unsubscribe']).toBeUndefined();
    expect(headers['list-unsubscribe-post']).toBeUndefined();
    expect(headers['in-reply-to']).toBeUndefined();
  });

  it('upgrades with STARTTLS when the settings require it', async () => {
    const server = await receiver({ starttls: true });
    const outcome = await channel(server.port, {
      security: 'starttls',
      tls: { rejectUnauthorized: false },
    }).send(fulfilledMessage('dlv_tls'));
    expect(outcome.status).toBe('sent');
    expect(server.count()).toBe(1);
  });

  it('refuses to send in clear when STARTTLS is required but not offered', async () => {
    const server = await receiver({ starttls: false });
    const outcome = await channel(server.port, { security: 'starttls' }).send(fulfilledMessage('dlv_notls'));
    expect(outcome).toMatchObject({ status: 'retryable', code: 'tls_failed' });
    expect(server.count()).toBe(0);
  });

  it('checks the connection for the settings page', async () => {
    const server = await receiver();
    expect(await channel(server.port).verify()).toMatchObject({ status: 'sent' });
  });
});

describe('email failures', () => {
  it('a refused connection is retryable', async () => {
    const server = await receiver();
    const port = server.port;
    await server.close();
    cleanups.pop();
    const outcome = await channel(port).send(fulfilledMessage('dlv_refused'));
    expect(outcome).toMatchObject({ status: 'retryable', code: 'connection_failed' });
  });

  it('a server that never greets times out, retryably', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    silent.on('connection', (socket) => cleanups.push(() => void socket.destroy()));
    const port = (silent.address() as AddressInfo).port;
    const outcome = await channel(port, {
      timeouts: { connectMs: 1_000, greetingMs: 300, socketMs: 1_000 },
    }).send(fulfilledMessage('dlv_silent'));
    expect(outcome).toMatchObject({ status: 'retryable', code: 'timeout' });
  });

  it('451 at the end of the message is retryable', async () => {
    const server = await receiver({ dataReply: 451 });
    const outcome = await channel(server.port).send(fulfilledMessage('dlv_451'));
    expect(outcome).toMatchObject({ status: 'retryable', code: 'smtp_transient' });
    if (outcome.status === 'retryable') expect(outcome.reason).toMatch(/^451 /);
  });

  it('550 for an unknown recipient is permanent', async () => {
    const server = await receiver({ rejectRecipients: { 'linh.nguyen@example.com': 550 } });
    const outcome = await channel(server.port).send(fulfilledMessage('dlv_550'));
    expect(outcome).toMatchObject({ status: 'permanent', code: 'recipient_rejected' });
    if (outcome.status === 'permanent') expect(outcome.reason).toMatch(/^550 /);
    expect(server.count()).toBe(0);
  });

  it('a refused login is retryable: the settings are wrong, not the message', async () => {
    const server = await receiver({ login: { user: 'opsdesk', pass: 'right' } });
    const outcome = await channel(server.port, { auth: { user: 'opsdesk', pass: 'wrong' } }).send(
      fulfilledMessage('dlv_login'),
    );
    expect(outcome).toMatchObject({ status: 'retryable', code: 'auth_failed' });
    const accepted = await channel(server.port, { auth: { user: 'opsdesk', pass: 'right' } }).send(
      fulfilledMessage('dlv_login'),
    );
    expect(accepted.status).toBe('sent');
  });

  it('an unsubscribe link that is not https is refused before connecting', async () => {
    const server = await receiver();
    const message = fulfilledMessage('dlv_http');
    const outcome = await channel(server.port).send({
      ...message,
      listUnsubscribe: { url: 'http://opsdesk.example.com/u/1', oneClick: true },
    });
    expect(outcome).toEqual({
      status: 'permanent',
      code: 'invalid_message',
      reason: 'the unsubscribe link "http://opsdesk.example.com/u/1" is not an https URL',
    });
    expect(server.count()).toBe(0);
  });

  it('a delivery id that cannot form a Message-ID is refused before connecting', async () => {
    const server = await receiver();
    const outcome = await channel(server.port).send(fulfilledMessage('dlv with spaces>'));
    expect(outcome).toMatchObject({ status: 'permanent', code: 'invalid_message' });
    expect(server.count()).toBe(0);
  });
});

describe('SMTP settings', () => {
  it('fill in timeouts, pool size and certificate checks', () => {
    const parsed = parseSmtpSettings({
      host: 'smtp.example.com',
      security: 'starttls',
      auth: { user: 'opsdesk', pass: 'secret' },
      from: { name: 'Opsdesk', address: 'notifications@example.com' },
    });
    expect(parsed).toEqual({
      ok: true,
      settings: {
        host: 'smtp.example.com',
        security: 'starttls',
        auth: { user: 'opsdesk', pass: 'secret' },
        from: { name: 'Opsdesk', address: 'notifications@example.com' },
        replyTo: null,
        messageIdDomain: null,
        timeouts: { connectMs: 10_000, greetingMs: 10_000, socketMs: 30_000 },
        pool: { maxConnections: 3, maxMessages: 100 },
        tls: { rejectUnauthorized: true },
        dkim: null,
      },
    });
  });

  it('name what is wrong', () => {
    expect(
      parseSmtpSettings({
        host: '',
        port: 70_000,
        security: 'ssl',
        from: { name: 'Opsdesk', address: 'nope' },
      }),
    ).toEqual({
      ok: false,
      issues: [
        'host: Too small: expected string to have >=1 characters',
        'port: Too big: expected number to be <=65535',
        'security: Invalid option: expected one of "tls"|"starttls"|"none"',
        'from.address: Invalid email address',
      ],
    });
  });
});
