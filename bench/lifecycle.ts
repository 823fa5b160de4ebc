// The self-fulfilling request, end to end over HTTP, against a real `opsdesk start` process
// (embedded PostgreSQL in a temp data dir, sandbox provider with zero latency):
//   file "Start Request Only Multistaging" → verification → manager approves → fulfilment on the
//   sandbox → waiting_for_customer.
// Measures complete lifecycles per second with C concurrent requesters, and the latency from the
// approval call to the ticket reaching waiting_for_customer (observed through the SSE stream,
// not by polling). Usage: npx tsx bench/lifecycle.ts [lifecycles=1000] [concurrency=32]
// A lifecycle is done for its requester at waiting_for_customer, but notifications may still be
// queued behind it: the sustained rate ("with every job done") and its CPU per lifecycle also
// count the time until no work is left (no job due, no notification undispatched or unsent); the
// bare rate and "to the last answer" CPU do not.
// Then (issue 18) the latency at BENCH_LATENCY_CONCURRENCY (16) requesters over
// BENCH_LATENCY_LIFECYCLES (300), and a burst: BENCH_BURST_CLIENTS (32) clients file requests
// for BENCH_BURST_SECONDS (10 s) without waiting for them, then the time from the burst's end
// until no work is left (as above). BENCH_SKIP=burst,latency skips.
// Set BENCH_DATABASE_URL to run the server on that PostgreSQL instead of the embedded one, and
// BENCH_OPSDESK_ROOT to run another checkout's built server (e.g. main, for a side-by-side).
// On Linux it also prints the CPU one lifecycle costs the server and the embedded PostgreSQL
// (from /proc, over the measured run): the bound on lifecycles/s once nothing waits on locks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { machineLoad } from './lib/stats.js';

const total = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 32);
const environmentCount = 64;
const password = 'bench-password-1';
const root = process.env.BENCH_OPSDESK_ROOT ?? join(import.meta.dirname, '..');
const latencyConcurrency = Number(process.env.BENCH_LATENCY_CONCURRENCY ?? 16);
const latencyLifecycles = Number(process.env.BENCH_LATENCY_LIFECYCLES ?? 300);
const burstClients = Number(process.env.BENCH_BURST_CLIENTS ?? 32);
const burstSeconds = Number(process.env.BENCH_BURST_SECONDS ?? 10);
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;

/** utime + stime of a process (and, with `children`, of its children it has waited for), in ms; Linux only. */
function processCpu(pid: number, children: boolean): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * CPU used so far by the Opsdesk server and by the embedded PostgreSQL (the postmaster, its live
 * backends, and the backends that have exited): where a lifecycle's time goes, per side.
 */
function serverCpu(serverPid: number | undefined, dataDir: string) {
  if (serverPid === undefined) return null;
  const node = processCpu(serverPid, false);
  if (node === null) return null;
  let postgres: number | null = null;
  if (!process.env.BENCH_DATABASE_URL) {
    try {
      const postmaster = Number(
        readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      postgres =
        (processCpu(postmaster, true) ?? 0) +
        children.reduce((sum, pid) => sum + (processCpu(pid, false) ?? 0), 0);
    } catch {
      postgres = null;
    }
  }
  return { node, postgres };
}

/** The database the server runs on: BENCH_DATABASE_URL, or the embedded one of `dataDir`. */
let databaseUrl = () => '';

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-lifecycle-'));
  const port = await freePort();
  databaseUrl = () => {
    if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
    const credentials = JSON.parse(readFileSync(join(dataDir, 'postgres.credentials.json'), 'utf8')) as {
      user: string;
      password: string;
      port: number;
    };
    return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/opsdesk`;
  };
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const server = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'opsdesk.js'), 'start'], {
    env: {
      ...process.env,
      OPSDESK_DATA_DIR: dataDir,
      OPSDESK_PORT: String(port),
      OPSDESK_DEMO_PASSWORD: password,
      OPSDESK_SANDBOX_LATENCY_MS: '0',
      OPSDESK_LOG_LEVEL: 'warn',
      OPSDESK_WORKER_CONCURRENCY: '16',
      OPSDESK_DB_POOL_SIZE: '20',
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const cleanup = async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (attempt > 600) throw new Error('Opsdesk did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = async (email: string) => {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const [admin, dev, lead] = await Promise.all(
      ['admin', 'dev', 'lead'].map((name) => login(`${name}@opsdesk.local`)),
    );
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<{ key: string; status: string }>;
    };
    // Many environments, as in a real organisation: runs on one environment are serialised.
    for (let index = 0; index < environmentCount; index++) {
      await call(admin, 'POST', '/api/v1/environments', { name: `bench-${index}`, requestOnly: true });
    }

    // One SSE stream for the requester: resolves waiters when a ticket reaches a status.
    const waiters = new Map<string, { status: string; resolve: (at: number) => void }[]>();
    const seen = new Map<string, Set<string>>();
    const waitFor = (key: string, status: string) =>
      new Promise<number>((resolve) => {
        if (seen.get(key)?.has(status)) return resolve(performance.now());
        waiters.set(key, [...(waiters.get(key) ?? []), { status, resolve }]);
      });
    const stream = await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${dev}` } });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      let buffer = '';
      while (true) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as { key: string; status: string };
          const now = performance.now();
          seen.set(event.key, (seen.get(event.key) ?? new Set()).add(event.status));
          const pending = waiters.get(event.key) ?? [];
          waiters.set(
            event.key,
            pending.filter((waiter) => {
              if (waiter.status !== event.status) return true;
              waiter.resolve(now);
              return false;
            }),
          );
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));

    let latencies: number[] = [];
    let started = 0;
    let completed = 0;
    let next = 0;
    const lifecycle = async (index: number) => {
      const ticket = await call(dev, 'POST', '/api/v1/requests', {
        requestType: 'start-request-only-staging',
        fields: { environment: `bench-${index % environmentCount}` },
      });
      await waitFor(ticket.key, 'waiting_for_approval');
      const approvedAt = performance.now();
      await call(lead, 'POST', `/api/v1/tickets/${ticket.key}/approve`, {});
      const deliveredAt = await waitFor(ticket.key, 'waiting_for_customer');
      latencies.push(deliveredAt - approvedAt);
      completed++;
    };
    const run = async (count: number, clients: number) => {
      latencies = [];
      started = 0;
      completed = 0;
      const worker = async () => {
        while (started < count) {
          started++;
          await lifecycle(next++);
        }
      };
      const begin = performance.now();
      await Promise.all(Array.from({ length: clients }, worker));
      latencies.sort((a, b) => a - b);
      return (performance.now() - begin) / 1000;
    };
    const latencyLine = () =>
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`;
    const observer = new pg.Client({ connectionString: databaseUrl(), application_name: 'bench-observer' });
    await observer.connect();
    // Jobs due, and notifications still to dispatch or send (dispatched after commit by the
    // recording process since issue 18's seventh round, not by jobs): the work behind the answers.
    const due = async () =>
      (
        await observer.query<{ due: number }>(
          `select (select count(*) from graphile_worker.jobs where run_at <= now())::int
                + (select count(*) from notification_events where dispatched_at is null)::int
                + (select count(*) from notification_deliveries where status in ('pending', 'sending'))::int as due`,
        )
      ).rows[0]!.due;
    /** Seconds until no work is left (the notifications and the rest of the work behind the answers). */
    const drain = async () => {
      const from = performance.now();
      while ((await due()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return (performance.now() - from) / 1000;
    };
    const cpuLine = (before: ReturnType<typeof serverCpu>, after: ReturnType<typeof serverCpu>) =>
      before && after
        ? `Opsdesk ${((after.node - before.node) / completed).toFixed(1)} ms` +
          (before.postgres !== null && after.postgres !== null
            ? `, PostgreSQL ${((after.postgres - before.postgres) / completed).toFixed(1)} ms`
            : '')
        : 'not measured';
    console.log(`server: ${root}; ${machineLoad()}`);
    // Warm-up (JIT, connection pools), not counted.
    await run(concurrency, concurrency);
    await drain();
    const cpuBefore = serverCpu(server.pid, dataDir);
    const seconds = await run(total, concurrency);
    const cpuAfter = serverCpu(server.pid, dataDir);
    // A lifecycle is done for its requester at waiting_for_customer, but work may still wait
    // (notifications run behind the core loop's steps): the sustained rate counts it all.
    const dueAtEnd = await due();
    const behind = await drain();
    const cpuDrained = serverCpu(server.pid, dataDir);
    console.log(
      `lifecycles: ${completed} with ${concurrency} concurrent requesters in ${seconds.toFixed(2)} s`,
    );
    console.log(`throughput: ${(completed / seconds).toFixed(1)} lifecycles/s (target ≥ 200/s)`);
    console.log(
      `with every job done: ${(completed / (seconds + behind)).toFixed(1)} lifecycles/s ` +
        `(${dueAtEnd} jobs were due at the last lifecycle's end, done ${behind.toFixed(2)} s later)`,
    );
    console.log(`CPU per lifecycle, every job done: ${cpuLine(cpuBefore, cpuDrained)}`);
    console.log(`CPU per lifecycle, to the last answer: ${cpuLine(cpuBefore, cpuAfter)}`);
    console.log(
      `approval → waiting_for_customer at ${concurrency} concurrent: ${latencyLine()} (target p50 < 50 ms, p99 < 250 ms)`,
    );
    if (!skip.has('latency')) {
      await run(latencyLifecycles, latencyConcurrency);
      await drain();
      console.log(
        `approval → waiting_for_customer at ${latencyConcurrency} concurrent (${latencyLifecycles} lifecycles): ${latencyLine()} (target p50 < 50 ms, p99 < 250 ms)`,
      );
    }
    if (!skip.has('burst')) {
      const burstEnd = performance.now() + burstSeconds * 1000;
      let filed = 0;
      await Promise.all(
        Array.from({ length: burstClients }, async () => {
          while (performance.now() < burstEnd) {
            await call(dev, 'POST', '/api/v1/requests', {
              requestType: 'start-request-only-staging',
              fields: { environment: `bench-${next++ % environmentCount}` },
            });
            filed++;
          }
        }),
      );
      const dueAfterBurst = await due();
      const drained = await drain();
      console.log(
        `burst: ${filed} requests filed by ${burstClients} clients in ${burstSeconds} s (${(filed / burstSeconds).toFixed(1)}/s); ` +
          `${dueAfterBurst} jobs due at its end; every job done ${drained.toFixed(2)} s after it (target < 2 s)`,
      );
    }
    await observer.end();
    console.log(`after the run: ${machineLoad().replace(' before the run', '')}`);
    await reader.cancel().catch(() => undefined);
  } finally {
    await cleanup();
  }
}

await main();
