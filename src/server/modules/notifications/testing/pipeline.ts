// Helpers for tests of the whole notification pipeline against a running app and worker.
import type { SQL } from 'drizzle-orm';
import pino from 'pino';
import type { JobContext } from '../../../jobs/worker.js';
import { startTestApp, type TestApp } from '../../../testing/harness.js';
import { closeEmailChannels } from '../channels/email-settings.service.js';
import { type ParsedMail, parseMail } from './mime.js';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.js';

export const publicUrl = 'https://opsdesk.test';

/**
 * An app (without a worker unless asked) whose email goes to a loopback SMTP receiver, with links
 * to `publicUrl`; `stop` closes the app, the email channels and the receiver.
 */
export async function startAppWithMail(
  options: Parameters<typeof startTestApp>[0] = {},
): Promise<{ t: TestApp; receiver: SmtpReceiver; stop(): Promise<void> }> {
  const receiver = await startSmtpReceiver();
  const t = await startTestApp({
    worker: false,
    ...options,
    config: { OPSDESK_PUBLIC_URL: publicUrl, OPSDESK_ALLOW_PRIVATE_NETWORKS: '1', ...options.config },
  });
  await configureSmtp(t, await t.login('admin@opsdesk.local'), receiver.port);
  return {
    t,
    receiver,
    async stop() {
      await t.close();
      closeEmailChannels();
      await receiver.close();
    },
  };
}

/** The job context of a handler called directly by a test, as a worker would on a first attempt. */
export const directJob: JobContext = {
  jobId: 'test',
  attempt: 1,
  maxAttempts: 5,
  signal: new AbortController().signal,
  log: pino({ level: 'silent' }),
};

/** The rows a query returns on the app's database. */
export async function rowsOf<T>(t: TestApp, query: SQL): Promise<T[]> {
  return (await t.context.db.execute(query)).rows as T[];
}

/** Points the app's email channel at a loopback SMTP server, as an admin would. */
export async function configureSmtp(t: TestApp, adminToken: string, port: number): Promise<void> {
  const response = await t.api('PUT', '/api/v1/admin/notifications/email', {
    token: adminToken,
    body: {
      host: '127.0.0.1',
      port,
      security: 'none',
      from: { name: 'Opsdesk', address: 'notifications@opsdesk.test' },
      timeouts: { connectMs: 1_000, greetingMs: 1_000, socketMs: 5_000 },
    },
  });
  if (response.status !== 200) throw new Error(`configuring SMTP failed: ${JSON.stringify(response.body)}`);
}

export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Mail extends ParsedMail {
  to: string[];
}

export function mails(receiver: SmtpReceiver): Mail[] {
  const lf = (text: string | null) => text?.replace(/\r\n/g, '\n') ?? null;
  return receiver.received.map((mail) => {
    const parsed = parseMail(mail.raw);
    return { ...parsed, text: lf(parsed.text), html: lf(parsed.html), to: mail.to };
  });
}

/** Waits for the first mail to `address` whose subject contains `subject`. */
export function mailTo(receiver: SmtpReceiver, address: string, subject: string, timeoutMs?: number) {
  return eventually(
    () =>
      mails(receiver).find(
        (mail) => mail.to.includes(address) && (mail.headers.subject ?? '').includes(subject),
      ),
    `a mail to ${address} about "${subject}"`,
    timeoutMs,
  );
}

/** The token of every link to `/{kind}/…` in a text. */
export function linkTokens(text: string, kind: 'a' | 'u'): string[] {
  const pattern = new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/${kind}/([A-Za-z0-9_.-]+)`, 'g');
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}
