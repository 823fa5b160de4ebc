// Idle memory of Opsdesk plus its embedded PostgreSQL, target under 250 MB.
//
// How: `node bin/opsdesk.js start` (built dist/) on a temp data dir prepared by a first start
// and stop (demo seeded), started again, ready, then left idle BENCH_IDLE_SECONDS (default 10).
// Then, for the node process and every process of that PostgreSQL cluster (the postmaster found
// by its -D argument, and its children), from /proc/<pid>/smaps_rollup:
// - RSS sum: over-counts, because every PostgreSQL process maps the same shared memory
//   (shared_buffers) and binary, and each RSS counts those pages in full;
// - PSS sum: each shared page divided among the processes that map it, so the sum counts it
//   once. This is the honest figure of what Opsdesk costs the machine;
// - USS sum: pages private to each process, a lower bound.
// Measured twice: idle after start, and idle again after 2,000 authenticated GET /api/v1/me
// requests over 10 connections (the pool has then opened its connections, the JIT has run).
// Run: npx tsx bench/idle-memory.ts
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { login } from '../src/server/testing/fixtures/api.js';
import {
  clusterProcesses,
  freePort,
  type Memory,
  memoryOf,
} from '../src/server/testing/fixtures/processes.js';
import { runBenchmark } from './lib/cleanup.js';
import { benchPassword, ensureBuilt, startOpsdesk, stopOpsdesk, tempDataDir } from './lib/opsdesk.js';
import { machineLoad, mb, verdict } from './lib/stats.js';

const idleMs = Number(process.env.BENCH_IDLE_SECONDS ?? 10) * 1000;
const targetKb = 250 * 1024;

interface Reading {
  node: Memory;
  postgres: Memory;
  postgresProcesses: number;
}

function sum(memories: Memory[]): Memory {
  return memories.reduce(
    (total, memory) => ({
      rssKb: total.rssKb + memory.rssKb,
      pssKb: total.pssKb + memory.pssKb,
      ussKb: total.ussKb + memory.ussKb,
    }),
    { rssKb: 0, pssKb: 0, ussKb: 0 },
  );
}

function read(nodePid: number, clusterDir: string): Reading {
  const node = memoryOf(nodePid);
  if (!node) throw new Error(`no memory figures for the node process ${nodePid}`);
  const postgres = clusterProcesses(clusterDir)
    .map((info) => memoryOf(info.pid))
    .filter((memory): memory is Memory => memory !== null);
  if (postgres.length === 0) throw new Error(`no PostgreSQL process runs on ${clusterDir}`);
  return { node, postgres: sum(postgres), postgresProcesses: postgres.length };
}

function report(label: string, reading: Reading): void {
  const total = sum([reading.node, reading.postgres]);
  const line = (name: keyof Memory) =>
    `${mb(total[name])} (node ${mb(reading.node[name])} + ${reading.postgresProcesses} postgres processes ${mb(reading.postgres[name])})`;
  console.log(`idle-memory: ${label}`);
  console.log(
    `idle-memory:   PSS sum ${line('pssKb')}  (target < ${mb(targetKb)}: ${verdict(total.pssKb, targetKb)})`,
  );
  console.log(`idle-memory:   RSS sum ${line('rssKb')}`);
  console.log(`idle-memory:   USS sum ${line('ussKb')}`);
}

async function getMany(url: string, token: string, total: number, connections: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `${url}/api/v1/me`,
        { agent, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  let remaining = total;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (remaining-- > 0) await once();
    }),
  );
  agent.destroy();
}

await runBenchmark(async () => {
  console.log(`idle-memory: ${machineLoad()}`);
  ensureBuilt();
  const dataDir = tempDataDir();
  const clusterDir = join(dataDir, 'postgres');
  const port = await freePort();
  await stopOpsdesk(await startOpsdesk(dataDir, port));

  const started = await startOpsdesk(dataDir, port);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  report(`idle ${idleMs / 1000} s after start`, read(started.opsdesk.pid, clusterDir));

  const token = await login(started.url, 'dev@opsdesk.local', benchPassword);
  await getMany(started.url, token, 2_000, 10);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  report(`idle ${idleMs / 1000} s after 2,000 GET /api/v1/me`, read(started.opsdesk.pid, clusterDir));
  await stopOpsdesk(started);
});
