// Helpers for tests of the whole notification pipeline against a running app and worker.
import type { TestApp } from '../../../testing/harness.js';
import { type ParsedMail, parseMail } from './mime.js';
import type { SmtpReceiver } from './smtp-receiver.js';

export const publicUrl = 'https://opsdesk.test';

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
