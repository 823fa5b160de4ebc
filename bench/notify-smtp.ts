// Measures how many notification emails per second one pooled SMTP transport delivers to a
// real SMTP server (smtp-server) on loopback. Each message is rendered from a default template
// (incident started, request fulfilled, approval requested in turn) for its own recipient and
// time zone, then sent with its own delivery id, threading and unsubscribe headers, so the
// figure includes rendering, MIME building and the SMTP dialogue; it excludes the network and
// the receiving server's disk. The receiver runs in a child process (this same script, started
// with `receiver`) so that it does not share the sender's event loop. Rendering alone is timed
// too, to show which side dominates.
//
// Run: npx tsx bench/notify-smtp.ts [messages=3000] [maxConnections=3]
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type RenderedNotification, renderNotification } from '../src/server/lib/templates.js';
import { createEmailChannel } from '../src/server/modules/notifications/channels/email.js';
import { smtpSettingsSchema } from '../src/server/modules/notifications/channels/email-message.js';
import {
  type NotificationEvent,
  sampleContext,
} from '../src/server/modules/notifications/pipeline/events.js';
import { defaultTemplates } from '../src/server/modules/notifications/templates/defaults/index.js';
import { startSmtpReceiver } from '../src/server/modules/notifications/testing/smtp-receiver.js';

const inFlight = 100;
const warmUp = 200;
const events: NotificationEvent[] = ['incident.started', 'request.fulfilled', 'approval.requested'];
const timeZones = ['Europe/Paris', 'Asia/Ho_Chi_Minh', 'America/New_York', 'UTC'];

interface RenderedFor extends RenderedNotification {
  ticketKey: string;
  address: string;
}

function renderFor(index: number): RenderedFor {
  const event = events[index % events.length] as NotificationEvent;
  const context = sampleContext(event);
  const address = `reader${index}@example.com`;
  context.recipient = {
    ...context.recipient,
    name: `Reader ${index}`,
    email: address,
    timeZone: timeZones[index % timeZones.length] as string,
  };
  const rendered = renderNotification(defaultTemplates[event], context);
  if (!rendered.ok) throw new Error(`${event} does not render: ${rendered.problem.message}`);
  return { ...rendered.notification, ticketKey: context.ticket.key, address };
}

async function runReceiver(): Promise<void> {
  const receiver = await startSmtpReceiver({ discard: true });
  process.send?.({ port: receiver.port });
  process.once('message', async () => {
    process.send?.({ received: receiver.count() });
    await receiver.close();
    process.exit(0);
  });
}

async function startReceiverProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['receiver']);
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: message.port };
}

async function stopReceiverProcess(child: ChildProcess): Promise<number> {
  child.send('stop');
  const [message] = (await once(child, 'message')) as [{ received: number }];
  await once(child, 'exit');
  return message.received;
}

async function runBenchmark(messages: number, maxConnections: number): Promise<void> {
  const renderStart = performance.now();
  for (let index = 0; index < messages; index++) renderFor(index);
  const renderSeconds = (performance.now() - renderStart) / 1_000;

  const receiver = await startReceiverProcess();
  const email = createEmailChannel(
    smtpSettingsSchema.parse({
      host: '127.0.0.1',
      port: receiver.port,
      security: 'none',
      from: { name: 'Opsdesk', address: 'notifications@opsdesk.example.com' },
      pool: { maxConnections, maxMessages: 1_000 },
    }),
    { allowPrivateNetworks: true },
  );

  async function sendRange(first: number, count: number): Promise<void> {
    let next = first;
    const sender = async () => {
      while (next < first + count) {
        const index = next;
        next += 1;
        const message = renderFor(index);
        const outcome = await email.send({
          deliveryId: `bench_${index}`,
          to: { address: message.address, name: `Reader ${index}` },
          subject: message.subject,
          html: message.html,
          text: message.text,
          threadKey: message.ticketKey,
          listUnsubscribe: { url: `https://opsdesk.example.com/u/${index}`, oneClick: true },
        });
        if (outcome.status !== 'sent')
          throw new Error(`message ${index}: ${outcome.status} ${outcome.reason}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, sender));
  }

  await sendRange(1_000_000, warmUp); // connections open, code paths compiled
  const sendStart = performance.now();
  await sendRange(0, messages);
  const sendSeconds = (performance.now() - sendStart) / 1_000;
  email.close();
  const received = await stopReceiverProcess(receiver.child);
  if (received !== messages + warmUp)
    throw new Error(`the receiver got ${received} of ${messages + warmUp} messages`);

  const sizes = events.map((_event, index) => {
    const message = renderFor(index);
    return Buffer.byteLength(message.html) + Buffer.byteLength(message.text);
  });
  const averageKiB = sizes.reduce((sum, size) => sum + size, 0) / sizes.length / 1_024;
  console.log(
    `notify-smtp: ${messages} messages, pool of ${maxConnections} connections, ${inFlight} in flight`,
  );
  console.log(`  average body (HTML + text): ${averageKiB.toFixed(1)} KiB`);
  console.log(`  rendering only:             ${Math.round(messages / renderSeconds)} messages/s`);
  console.log(
    `  rendered and sent:          ${Math.round(messages / sendSeconds)} messages/s (${sendSeconds.toFixed(2)} s)`,
  );
}

if (process.argv[2] === 'receiver') {
  await runReceiver();
} else {
  await runBenchmark(Number(process.argv[2] ?? 3_000), Number(process.argv[3] ?? 3));
}
