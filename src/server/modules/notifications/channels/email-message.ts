// SMTP settings and the shape of one outgoing email: a stable Message-ID per delivery, threading
// per ticket, unsubscribe headers. Pure: no connection is opened here.
import type { SendMailOptions } from 'nodemailer';
import { z } from 'zod';

const hostname =
  /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const smtpSettingsSchema = z.object({
  host: z.string().min(1),
  /** Defaults to 465 for `tls`, 587 for `starttls`, 25 for `none`. */
  port: z.number().int().min(1).max(65_535).optional(),
  /** `tls`: TLS from the first byte (port 465). `starttls`: upgrade required (587). `none`: a trusted local relay. */
  security: z.enum(['tls', 'starttls', 'none']),
  auth: z
    .object({ user: z.string().min(1), pass: z.string().min(1) })
    .nullable()
    .default(null),
  from: z.object({ name: z.string().min(1), address: z.email() }),
  replyTo: z.email().nullable().default(null),
  /** The right-hand side of Message-IDs; defaults to the domain of the From address. */
  messageIdDomain: z.string().regex(hostname).nullable().default(null),
  timeouts: z
    .object({
      connectMs: z.number().int().positive().default(10_000),
      greetingMs: z.number().int().positive().default(10_000),
      socketMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  pool: z
    .object({
      maxConnections: z.number().int().min(1).max(50).default(3),
      maxMessages: z.number().int().min(1).default(100),
    })
    .prefault({}),
  tls: z.object({ rejectUnauthorized: z.boolean().default(true) }).prefault({}),
  /** RFC 8058 one-click unsubscribe only counts when the message is DKIM-signed. */
  dkim: z
    .object({
      domainName: z.string().regex(hostname),
      keySelector: z.string().min(1),
      privateKey: z.string().min(1),
    })
    .nullable()
    .default(null),
});

export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;
export type SmtpSettingsInput = z.input<typeof smtpSettingsSchema>;

export type SmtpSettingsParse = { ok: true; settings: SmtpSettings } | { ok: false; issues: string[] };

export function parseSmtpSettings(input: unknown): SmtpSettingsParse {
  const result = smtpSettingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  };
}

export const defaultSmtpPort: Record<SmtpSettings['security'], number> = {
  tls: 465,
  starttls: 587,
  none: 25,
};

/** One email to one recipient: one delivery of one notification. */
export interface EmailMessage {
  /** The delivery's id, the same on every attempt: it becomes the Message-ID. Letters, digits, `.`, `_`, `-`. */
  deliveryId: string;
  to: { address: string; name?: string | null };
  subject: string;
  html: string;
  text: string;
  /** The ticket key: every message about one ticket lands in one thread. */
  threadKey?: string | null;
  listUnsubscribe?: {
    /** https URL; with `oneClick`, a POST to it unsubscribes (RFC 8058). */
    url: string;
    mailto?: string | null;
    oneClick: boolean;
  } | null;
}

const deliveryIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const emailAddress = z.email();

export type BuiltEmail =
  | { ok: true; mail: SendMailOptions; messageId: string }
  | { ok: false; reason: string };

export function messageIdDomain(settings: SmtpSettings): string {
  return settings.messageIdDomain ?? settings.from.address.slice(settings.from.address.lastIndexOf('@') + 1);
}

/** `<delivery-id@domain>`: a retried delivery carries the same id, so it is recognisable as the same message. */
export function deliveryMessageId(deliveryId: string, domain: string): string {
  return `<${deliveryId}@${domain}>`;
}

/** The (never sent) root message of a ticket's thread, which every message about it refers to. */
export function threadRootId(threadKey: string, domain: string): string {
  return `<ticket.${threadKey.replace(/[^A-Za-z0-9._-]/g, '-')}@${domain}>`;
}

export function buildEmail(message: EmailMessage, settings: SmtpSettings): BuiltEmail {
  if (!deliveryIdPattern.test(message.deliveryId)) {
    return { ok: false, reason: `delivery id "${message.deliveryId}" cannot form a Message-ID` };
  }
  if (!emailAddress.safeParse(message.to.address).success) {
    return { ok: false, reason: `"${message.to.address}" is not an email address` };
  }
  const unsubscribe = message.listUnsubscribe;
  // RFC 8058: a one-click unsubscribe target must be HTTPS.
  if (unsubscribe && !unsubscribe.url.startsWith('https://')) {
    return { ok: false, reason: `the unsubscribe link "${unsubscribe.url}" is not an https URL` };
  }
  if (unsubscribe?.mailto && !emailAddress.safeParse(unsubscribe.mailto).success) {
    return { ok: false, reason: `the unsubscribe address "${unsubscribe.mailto}" is not an email address` };
  }
  const domain = messageIdDomain(settings);
  const messageId = deliveryMessageId(message.deliveryId, domain);
  const headers: Record<string, string> = {
    // RFC 3834: vacation responders and ticket systems must not answer an automatic message.
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
  };
  if (unsubscribe) {
    const targets = [unsubscribe.url, ...(unsubscribe.mailto ? [`mailto:${unsubscribe.mailto}`] : [])];
    headers['List-Unsubscribe'] = targets.map((target) => `<${target}>`).join(', ');
    if (unsubscribe.oneClick) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const thread = message.threadKey ? threadRootId(message.threadKey, domain) : null;
  const mail: SendMailOptions = {
    from: { name: settings.from.name, address: settings.from.address },
    to: message.to.name ? { name: message.to.name, address: message.to.address } : message.to.address,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId,
    ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
    headers,
    xMailer: false,
    // Rendered templates are data, never instructions to read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return { ok: true, mail, messageId };
}
