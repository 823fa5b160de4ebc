// Notifications delivered per second through the whole pipeline: a ticket event recorded by the
// lifecycle listener in the event's transaction → `notifications.dispatch` job (context built from
// the database, rules, recipients, preferences, one delivery row each) → `notifications.deliver`
// job (personalised context, template rendered, signed links) → SMTP to a real smtp-server on
// loopback, running in a child process (this script started with `receiver`) so that it does not
// share the pipeline's event loop. The real worker runs in this process (graphile-worker,
// concurrency BENCH_WORKER_CONCURRENCY, default 8) with the real handlers, except that request
// verification is switched off so that every filed request stays put and causes exactly one email
// (and one in-app notification) — the notification pipeline alone is measured.
//
// Two runs, each timed from the worker's start (the work is queued first) until every email is
// recorded as sent, then checked against the receiver's count (each message exactly once):
// 1. BENCH_REQUESTS (default 1,000) requests filed through the tickets service, one email each;
// 2. one incident communication to a mailing list of BENCH_STAKEHOLDERS (default 2,000) people
//    without accounts: one dispatch job fanning out to that many deliveries.
// Database: an embedded PostgreSQL in a temp dir (deleted at the end), or, when BENCH_DATABASE_URL
// is set, a scratch database on that server (dropped at the end).
// Run: npx tsx bench/notify-pipeline.ts
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createAppContext } from '../src/server/context.js';
import { connect, systemActor } from '../src/server/db/client.js';
import { startEmbeddedPostgres } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { wireFlows } from '../src/server/flows/index.js';
import { startWorker } from '../src/server/jobs/worker.js';
import { seedDemo } from '../src/server/modules/demo/demo.seed.js';
import { findUserByEmail } from '../src/server/modules/identity/identity.service.js';
import { principalOfUser as principalFor } from '../src/server/modules/identity/index.js';
import { jobHandlers, jobRegistry } from '../src/server/modules/index.js';
import { mailingListMembers } from '../src/server/modules/notifications/audiences/audiences.schema.js';
import { createMailingList } from '../src/server/modules/notifications/audiences/mailing-lists.service.js';
import {
  closeEmailChannels,
  saveSmtpSettings,
} from '../src/server/modules/notifications/channels/email-settings.service.js';
import {
  createCommunication,
  sendCommunication,
} from '../src/server/modules/notifications/incidents/incidents.service.js';
import { dispatchAfterCommits } from '../src/server/modules/notifications/index.js';
import { startSmtpReceiver } from '../src/server/modules/notifications/testing/smtp-receiver.js';
import { fileRequest } from '../src/server/modules/requests/index.js';

const requests = Number(process.env.BENCH_REQUESTS ?? 1_000);
const stakeholders = Number(process.env.BENCH_STAKEHOLDERS ?? 2_000);
const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const smtpConnections = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 5);
const actor = systemActor('bench');
const cleanups: Array<() => unknown> = [];

async function runReceiver(): Promise<void> {
  const receiver = await startSmtpReceiver({ discard: true });
  process.send?.({ port: receiver.port });
  process.on('message', async (message) => {
    if (message === 'count') process.send?.({ count: receiver.count() });
    if (message === 'stop') {
      await receiver.close();
      process.exit(0);
    }
  });
}

async function receiverProcess(): Promise<{ child: ChildProcess; port: number; count(): Promise<number> }> {
  const child = fork(fileURLToPath(import.meta.url), ['receiver']);
  const [message] = (await once(child, 'message')) as [{ port: number }];
  cleanups.push(async () => {
    child.send('stop');
    await once(child, 'exit');
  });
  return {
    child,
    port: message.port,
    async count() {
      child.send('count');
      const [answer] = (await once(child, 'message')) as [{ count: number }];
      return answer.count;
    },
  };
}

async function databaseUrl(): Promise<{ url: string; where: string }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `opsdesk_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    cleanups.push(async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), where: `scratch database ${name} on BENCH_DATABASE_URL's server` };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-notify-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  cleanups.push(() => server.stop());
  return { url: server.url, where: 'embedded PostgreSQL in a temp dir' };
}

async function main(): Promise<void> {
  const receiver = await receiverProcess();
  const database = await databaseUrl();
  await migrate(database.url);
  const connection = connect(database.url, { poolSize: concurrency + 4 });
  cleanups.push(() => connection.close());
  const config = loadConfig({
    OPSDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'opsdesk-bench-data-')),
    OPSDESK_DEMO: '0',
    OPSDESK_DEMO_PASSWORD: 'bench-password-1',
    OPSDESK_PUBLIC_URL: 'https://opsdesk.example.com',
    OPSDESK_SECRET_KEY: randomBytes(32).toString('base64'),
    OPSDESK_LOG_LEVEL: 'silent',
    // The SMTP receiver is on loopback.
    OPSDESK_ALLOW_PRIVATE_NETWORKS: '1',
  });
  const log = pino({ level: 'silent' });
  const context = createAppContext({
    config,
    database: connection,
    log,
    secretKey: Buffer.from(config.secretKey!, 'base64'),
  });
  wireFlows(context);
  // What is measured is the worker's dispatch jobs: occurrences are not dispatched after commit here.
  dispatchAfterCommits(context, false);
  cleanups.push(() => context.background.close());
  await seedDemo(context, { onlyIfEmpty: true });
  await saveSmtpSettings(context, actor, {
    host: '127.0.0.1',
    port: receiver.port,
    security: 'none',
    from: { name: 'Opsdesk', address: 'notifications@opsdesk.example.com' },
    pool: { maxConnections: smtpConnections, maxMessages: 10_000 },
  });
  const handlers = { ...jobHandlers(context), 'requests.verify': async () => undefined };
  const sentEmails = async () => {
    const result = await context.db.execute<{ sent: number }>(
      sql`select count(*)::int as sent from notification_deliveries where channel = 'email' and status = 'sent'`,
    );
    return result.rows[0]?.sent ?? 0;
  };

  /** Time spent in each kind of job, to show where the pipeline's time goes. */
  const jobTimes = new Map<string, { count: number; ms: number }>();
  /** Starts the worker on the queued work and times it until `expected` emails are sent in all. */
  async function drain(expected: number): Promise<number> {
    const started = performance.now();
    const worker = await startWorker({
      registry: jobRegistry,
      database: connection,
      handlers,
      concurrency,
      logger: log,
      pollInterval: 100,
    });
    const begun = new Map<string, number>();
    worker.events.on('job:start', ({ job }) => begun.set(job.id, performance.now()));
    worker.events.on('job:success', ({ job }) => {
      const entry = jobTimes.get(job.task_identifier) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - (begun.get(job.id) ?? performance.now());
      jobTimes.set(job.task_identifier, entry);
    });
    try {
      for (;;) {
        const sent = await sentEmails();
        if (sent >= expected) break;
        const failed = await context.db.execute<{ failed: number }>(
          sql`select count(*)::int as failed from notification_deliveries where status = 'failed'`,
        );
        if ((failed.rows[0]?.failed ?? 0) > 0) throw new Error('a delivery failed');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return (performance.now() - started) / 1_000;
    } finally {
      await worker.stop();
    }
  }

  const people = await Promise.all(
    ['dev@opsdesk.local', 'pm@opsdesk.local', 'infra@opsdesk.local'].map(async (email) =>
      principalFor(context.db, (await findUserByEmail(context.db, email))!, 'bench'),
    ),
  );
  const [dev, pm, infra] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

  const fileStart = performance.now();
  for (let index = 0; index < requests; index++) {
    await fileRequest(context, index % 2 === 0 ? dev : pm, {
      requestType: 'start-request-only-staging',
      fields: { environment: index % 3 === 0 ? 'bugfix1x2' : 'promo-2x' },
    });
  }
  const fileSeconds = (performance.now() - fileStart) / 1_000;
  const requestSeconds = await drain(requests);

  const list = await createMailingList(context, actor, {
    key: 'bench-stakeholders',
    name: 'Staging stakeholders',
    description: '',
    services: ['Staging Servers'],
    regions: [],
    timeZone: 'Asia/Singapore',
  });
  for (let first = 0; first < stakeholders; first += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, stakeholders - first) }, (_, offset) => ({
      listId: list.id,
      email: `stakeholder${first + offset}@partner.example.com`,
    }));
    await context.db.insert(mailingListMembers).values(batch);
  }
  const communication = await createCommunication(context, infra, {
    reference: 'INC-1',
    phase: 'started',
    title: 'Staging environments unreachable in Singapore',
    description: 'Staging environments in Singapore do not answer; deployments to them fail.',
    status: 'investigating',
    serviceStatus: 'major_outage',
    impact: 'major',
    regions: ['Asia Pacific (Singapore)'],
    services: ['Staging Servers'],
    components: ['Internal load balancer'],
    impactStart: '2026-03-12T01:40:00Z',
    impactEnd: null,
    workaround: 'Deploy to the staging environments in Europe (Ireland).',
    rootCause: null,
    nextUpdateAt: '2026-03-12T02:30:00Z',
    message: 'We are aware that staging environments in Singapore are unreachable and are investigating.',
    mailingListIds: null,
    recipientUserIds: [],
  });
  await sendCommunication(context, infra, communication.id);
  const incidentSeconds = await drain(requests + stakeholders);

  const received = await receiver.count();
  if (received !== requests + stakeholders)
    throw new Error(`the receiver got ${received} messages, ${requests + stakeholders} expected`);

  console.log(
    `notify-pipeline: ${database.where}; worker concurrency ${concurrency}; SMTP pool of ${smtpConnections} connections; load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  ${requests} requests filed (${Math.round(requests / fileSeconds)}/s, verification off), one email each:`,
  );
  console.log(
    `    event → dispatch → render → SMTP: ${Math.round(requests / requestSeconds)} notifications/s (${requestSeconds.toFixed(2)} s)`,
  );
  console.log(`  one incident communication to ${stakeholders} stakeholders without accounts:`);
  console.log(
    `    fan-out → render → SMTP:          ${Math.round(stakeholders / incidentSeconds)} notifications/s (${incidentSeconds.toFixed(2)} s)`,
  );
  console.log(`  received by the SMTP server: ${received} messages, as many as deliveries recorded sent`);
  for (const [task, entry] of jobTimes) {
    console.log(`  ${task}: ${entry.count} jobs, ${(entry.ms / entry.count).toFixed(1)} ms each on average`);
  }
}

if (process.argv[2] === 'receiver') {
  await runReceiver();
} else {
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    closeEmailChannels();
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  }
}
