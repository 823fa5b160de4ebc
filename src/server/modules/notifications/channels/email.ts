// Email over SMTP through one pooled nodemailer transport per settings. Every failure comes back
// as a typed outcome: retryable (the connection, a timeout, a 4xx reply) or permanent (a 5xx
// reply such as an unknown recipient), never as a thrown error.
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { isOutboundRefused, openGuardedSocket } from '../../../lib/network-guard.js';
import { buildEmail, defaultSmtpPort, type EmailMessage, type SmtpSettings } from './email-message.js';
import { type DeliveryOutcome, permanent, retryable } from './outcome.js';

export interface EmailChannel {
  send(message: EmailMessage, options?: { signal?: AbortSignal }): Promise<DeliveryOutcome>;
  /** Connects and authenticates without sending: the admin's "test connection" button. */
  verify(): Promise<DeliveryOutcome>;
  /** Closes the pooled connections; sends after this fail. */
  close(): void;
}

/** The parts of a nodemailer error that say what went wrong. */
interface SmtpErrorFacts {
  code: string | undefined;
  responseCode: number | undefined;
  response: string | undefined;
  command: string | undefined;
  message: string;
}

function factsOf(error: unknown): SmtpErrorFacts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return {
    code: text('code'),
    responseCode: typeof record.responseCode === 'number' ? record.responseCode : undefined,
    response: text('response'),
    command: text('command'),
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Retryable: the connection, a timeout, TLS or login failures, 4xx replies (and 503, a session
 * out of step). Permanent: other 5xx replies, such as an unknown recipient.
 */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  const facts = factsOf(error);
  const reason = facts.response ?? facts.message;
  // The network guard refused the host: the settings are wrong, as with a failed login.
  if (isOutboundRefused(error)) return retryable('target_refused', facts.message);
  // Failing to log in or to upgrade to TLS says the settings are wrong, not the message, even
  // with a 5xx reply: once an admin fixes them, the same message can go out.
  if (facts.code === 'EAUTH' || facts.code === 'ENOAUTH') return retryable('auth_failed', reason);
  if (facts.code === 'ETLS' || facts.code === 'EREQUIRETLS') return retryable('tls_failed', reason);
  if (facts.responseCode !== undefined) {
    const permanentReply =
      facts.responseCode >= 500 && facts.responseCode < 600 && facts.responseCode !== 503;
    if (!permanentReply) return retryable('smtp_transient', reason);
    const aboutRecipient = facts.command?.toUpperCase().startsWith('RCPT') ?? false;
    return permanent(aboutRecipient ? 'recipient_rejected' : 'smtp_rejected', reason);
  }
  switch (facts.code) {
    case 'ETIMEDOUT':
      return retryable('timeout', reason);
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'EPROXY':
      return retryable('connection_failed', reason);
    case 'EENVELOPE':
    case 'EMESSAGE':
    case 'EMAXRECIPIENTS':
      return permanent('invalid_message', reason);
    default:
      return retryable('unknown', reason);
  }
}

export interface EmailChannelOptions {
  /** The network guard: an SMTP server on loopback or a private network only when allowed. */
  allowPrivateNetworks: boolean;
}

export function createEmailChannel(settings: SmtpSettings, options: EmailChannelOptions): EmailChannel {
  const port = settings.port ?? defaultSmtpPort[settings.security];
  // Every connection is opened here, through the network guard; nodemailer speaks SMTP (and
  // TLS, implicit or STARTTLS) over it.
  const getSocket: SMTPPool.Options['getSocket'] = (_options, callback) => {
    openGuardedSocket({
      host: settings.host,
      port,
      allowPrivateNetworks: options.allowPrivateNetworks,
      timeoutMs: settings.timeouts.connectMs,
    }).then(
      (connection) => callback(null, { connection }),
      // Reported as nodemailer reports its own connection errors, so they classify the same.
      (error: Error & { code?: string }) =>
        callback(
          isOutboundRefused(error) || error.code === 'ETIMEDOUT'
            ? error
            : Object.assign(new Error(`Connection error: ${error.message}`), { code: 'ECONNECTION' }),
          false,
        ),
    );
  };
  const transport = nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port,
    getSocket,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
    connectionTimeout: settings.timeouts.connectMs,
    greetingTimeout: settings.timeouts.greetingMs,
    socketTimeout: settings.timeouts.socketMs,
    maxConnections: settings.pool.maxConnections,
    maxMessages: settings.pool.maxMessages,
    tls: { rejectUnauthorized: settings.tls.rejectUnauthorized, minVersion: 'TLSv1.2' },
    ...(settings.dkim ? { dkim: settings.dkim } : {}),
  });

  return {
    async send(message, options = {}) {
      const built = buildEmail(message, settings);
      if (!built.ok) return permanent('invalid_message', built.reason);
      try {
        const info = await transport.sendMail({
          ...built.mail,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return { status: 'sent', messageId: built.messageId, response: info.response };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    async verify() {
      try {
        await transport.verify();
        return { status: 'sent', messageId: null, response: 'connection and authentication succeeded' };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
