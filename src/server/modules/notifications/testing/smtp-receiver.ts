// A real SMTP server on loopback for tests and the benchmark: it records what it receives,
// and can be told to refuse recipients or messages with a chosen reply.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiverOptions {
  /** Answer RCPT TO for these addresses with this reply, e.g. `{ 'nobody@example.com': 550 }`. */
  rejectRecipients?: Record<string, number>;
  /** Answer the end of DATA with this reply code instead of 250. */
  dataReply?: number;
  /** Offer STARTTLS (with smtp-server's built-in self-signed certificate). */
  starttls?: boolean;
  /** Require this login (offered without TLS, as on a trusted relay). */
  login?: { user: string; pass: string };
  /** Keep no copies (the benchmark): only count. */
  discard?: boolean;
  /** Listen on this port (a server coming back where it was); default: any free port. */
  port?: number;
}

export interface SmtpReceiver {
  port: number;
  received: ReceivedMail[];
  count(): number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  let count = 0;
  const server = new SMTPServer({
    authOptional: !options.login,
    allowInsecureAuth: true,
    logger: false,
    disabledCommands: [...(options.login ? [] : ['AUTH']), ...(options.starttls ? [] : ['STARTTLS'])],
    onAuth(auth, _session, callback) {
      const accepted = auth.username === options.login?.user && auth.password === options.login?.pass;
      callback(
        accepted ? null : smtpError('authentication failed', 535),
        accepted ? { user: auth.username } : undefined,
      );
    },
    onRcptTo(address, _session, callback) {
      const code = options.rejectRecipients?.[address.address];
      callback(code ? smtpError(`mailbox ${address.address} refused`, code) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!options.discard) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (options.dataReply) return callback(smtpError('try again later', options.dataReply));
        count += 1;
        if (!options.discard) {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          received.push({ from, to, raw: Buffer.concat(chunks).toString('utf8') });
        }
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
