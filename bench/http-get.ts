// Authenticated GET throughput and latency of the API: GET /api/v1/me as a requester (token
// lookup, user, teams: three queries) and GET /api/v1/users as the admin (five demo users).
//
// How: `node bin/opsdesk.js start` (built dist/, embedded PostgreSQL) on a temp data dir prepared
// by a first start and stop with the demo seeded, started again; the bench signs in through the
// API and sends `Authorization: Bearer <token>`. For each number of keep-alive connections in
// BENCH_CONNECTIONS (default 1,10,50): 2 s of warm-up, then BENCH_SECONDS (default 10) of
// closed-loop load from this process (Node's http.Agent; each connection sends its next request
// when the previous answer has arrived). Requests per second, p50/p99 latency, non-200 answers,
// and the CPU used meanwhile by Opsdesk, its PostgreSQL and this load generator (in % of one
// core: on a small machine the generator competes with the server for the same cores), also per
// request: that figure depends less on what else the machine is doing than the rate does.
// If `wrk` is installed, the same endpoints are also measured with it (2 threads, 50 connections),
// a lighter generator than Node.
// Run: npx tsx bench/http-get.ts
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { login } from '../src/server/testing/fixtures/api.js';
import { clusterProcesses, freePort } from '../src/server/testing/fixtures/processes.js';
import { runBenchmark } from './lib/cleanup.js';
import { cpuTimeMs, runLoad } from './lib/load.js';
import { benchPassword, ensureBuilt, startOpsdesk, stopOpsdesk, tempDataDir } from './lib/opsdesk.js';
import { machineLoad, ms, summarise } from './lib/stats.js';

const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;

interface Target {
  name: string;
  url: string;
  token: string;
}

function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its version and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function runWrk(target: Target): string {
  const output = execFileSync(
    'wrk',
    [
      '-t2',
      '-c50',
      `-d${durationMs / 1000}s`,
      '--latency',
      '-H',
      `authorization: Bearer ${target.token}`,
      target.url,
    ],
    { encoding: 'utf8' },
  );
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output)?.[1];
  const p50 = /^\s+50%\s+(\S+)/m.exec(output)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(output)?.[1];
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? '0';
  return `${Number(rate).toFixed(0)} req/s, p50 ${p50}, p99 ${p99}, non-2xx ${bad}`;
}

await runBenchmark(async () => {
  console.log(`http-get: ${machineLoad()}`);
  ensureBuilt();
  const dataDir = tempDataDir();
  const port = await freePort();
  await stopOpsdesk(await startOpsdesk(dataDir, port));
  const started = await startOpsdesk(dataDir, port);
  const clusterDir = join(dataDir, 'postgres');

  const targets: Target[] = [
    {
      name: 'GET /api/v1/me (requester)',
      url: `${started.url}/api/v1/me`,
      token: await login(started.url, 'dev@opsdesk.local', benchPassword),
    },
    {
      name: 'GET /api/v1/users (admin)',
      url: `${started.url}/api/v1/users`,
      token: await login(started.url, 'admin@opsdesk.local', benchPassword),
    },
  ];
  const postgresCpuMs = () =>
    clusterProcesses(clusterDir).reduce((total, info) => total + cpuTimeMs(info.pid), 0);

  for (const target of targets) {
    for (const connections of connectionCounts) {
      await runLoad({ url: target.url, token: target.token, connections, durationMs: 2_000 });
      const before = {
        server: cpuTimeMs(started.opsdesk.pid),
        postgres: postgresCpuMs(),
        client: process.cpuUsage(),
      };
      const result = await runLoad({ url: target.url, token: target.token, connections, durationMs });
      const used = {
        server: cpuTimeMs(started.opsdesk.pid) - before.server,
        postgres: postgresCpuMs() - before.postgres,
        client: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(before.client)),
      };
      const share = (cpuMs: number) => `${((cpuMs / result.elapsedMs) * 100).toFixed(0)} %`;
      const perRequest = (cpuMs: number) => ms(cpuMs / result.requests);
      const latency = summarise(result.latenciesMs);
      console.log(
        `http-get: ${target.name}, ${String(connections).padStart(2)} connections: ` +
          `${((result.requests / result.elapsedMs) * 1000).toFixed(0)} req/s, ` +
          `p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, non-200 ${result.errors}`,
      );
      console.log(
        `http-get:   CPU used: opsdesk ${share(used.server)}, postgres ${share(used.postgres)}, ` +
          `load generator ${share(used.client)} of one core; per request: opsdesk ` +
          `${perRequest(used.server)}, postgres ${perRequest(used.postgres)}`,
      );
    }
  }
  if (wrkAvailable()) {
    for (const target of targets)
      console.log(`http-get: wrk, ${target.name}, 50 connections: ${runWrk(target)}`);
  } else {
    console.log('http-get: wrk is not installed (apt-get install wrk): Node load generator only');
  }
  await stopOpsdesk(started);
});
