// Opsdesk side by side with Request Tracker 5 (Debian's package) on the same machine and the same
// PostgreSQL 15 server, in one run: ticket creation over HTTP (requests/s at C clients), one
// ticket read (p50/p90), and a search (open tickets of a requester with a word; p50/p90) once
// BENCH_TICKETS tickets exist. See README.md next to this file.
//   npx tsx bench/peer-rt/compare.ts [--install] [--tickets N] [--clients C]
// --install runs install-rt.sh first (apt-get install request-tracker5, database, server).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runBenchmark } from '../lib/cleanup.js';
import { benchPassword, ensureBuilt, startOpsdesk, tempDataDir } from '../lib/opsdesk.js';
import { machineLoad, ms, summarise } from '../lib/stats.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const tickets = option('--tickets', Number(process.env.BENCH_TICKETS ?? 2_000));
const clients = option('--clients', 8);
const samples = 200;
const rtPort = Number(process.env.RT_PORT ?? 8091);
const words = ['printer', 'vpn', 'laptop', 'password', 'staging', 'invoice', 'backup', 'wifi'];

interface Peer {
  name: string;
  create(index: number): Promise<string>;
  read(id: string): Promise<void>;
  search(word: string): Promise<void>;
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

function requestTracker(): Peer {
  const base = `http://127.0.0.1:${rtPort}/REST/2.0`;
  const headers = {
    authorization: `Basic ${Buffer.from('root:password').toString('base64')}`,
    'content-type': 'application/json',
  };
  return {
    name: 'Request Tracker 5',
    async create(index) {
      const response = await ok(
        await fetch(`${base}/ticket`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            Queue: 'General',
            Requestor: 'dev@opsdesk.local',
            Subject: `bench ${words[index % words.length]} ticket ${index}`,
            Content: 'Filed by bench/peer-rt/compare.ts',
          }),
        }),
        'RT create',
      );
      return String(((await response.json()) as { id: number }).id);
    },
    async read(id) {
      await (await ok(await fetch(`${base}/ticket/${id}`, { headers }), 'RT read')).json();
    },
    async search(word) {
      const query = `Requestor = 'dev@opsdesk.local' AND Status = '__Active__' AND Subject LIKE '${word}'`;
      await (
        await ok(
          await fetch(`${base}/tickets?per_page=50&query=${encodeURIComponent(query)}`, { headers }),
          'RT search',
        )
      ).json();
    },
  };
}

async function opsdesk(): Promise<Peer> {
  ensureBuilt();
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const started = await startOpsdesk(tempDataDir(), port, { OPSDESK_SANDBOX_LATENCY_MS: '0' });
  const login = await ok(
    await fetch(`${started.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dev@opsdesk.local', password: benchPassword }),
    }),
    'login',
  );
  const token = ((await login.json()) as { token: string }).token;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    name: 'Opsdesk',
    async create(index) {
      const response = await ok(
        await fetch(`${started.url}/api/v1/requests`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            requestType: 'start-request-only-staging',
            // An unknown environment: verification cancels it, as RT's tickets stay untouched.
            fields: { environment: `${words[index % words.length]}${index}` },
          }),
        }),
        'Opsdesk create',
      );
      return ((await response.json()) as { key: string }).key;
    },
    async read(key) {
      await (
        await ok(await fetch(`${started.url}/api/v1/tickets/${key}`, { headers }), 'Opsdesk read')
      ).json();
    },
    async search(word) {
      await (
        await ok(
          await fetch(`${started.url}/api/v1/tickets?requester=me&q=${word}&limit=50`, { headers }),
          'Opsdesk search',
        )
      ).json();
    },
  };
}

async function measure(peer: Peer) {
  const ids: string[] = [];
  let next = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < tickets) ids.push(await peer.create(next++));
    }),
  );
  const createRate = tickets / ((performance.now() - begin) / 1000);
  const timed = async (work: (index: number) => Promise<void>) => {
    const times: number[] = [];
    for (let index = 0; index < samples; index++) {
      const start = performance.now();
      await work(index);
      times.push(performance.now() - start);
    }
    return summarise(times);
  };
  const read = await timed((index) => peer.read(ids[(index * 7919) % ids.length]!));
  const search = await timed((index) => peer.search(words[index % words.length]!));
  console.log(
    `${peer.name}: create ${createRate.toFixed(1)}/s at ${clients} clients (${tickets} tickets); ` +
      `read p50 ${ms(read.p50)} p90 ${ms(read.p90)}; search p50 ${ms(search.p50)} p90 ${ms(search.p90)}`,
  );
  return { createRate, read, search };
}

await runBenchmark(async () => {
  if (args.includes('--install'))
    execFileSync(join(import.meta.dirname, 'install-rt.sh'), { stdio: 'inherit' });
  console.log(`peer-rt: ${machineLoad()}`);
  const rt = await measure(requestTracker());
  const ours = await measure(await opsdesk());
  console.log(
    `ratios (Opsdesk ÷ RT): create ${(ours.createRate / rt.createRate).toFixed(1)}×, ` +
      `read p50 ${(rt.read.p50 / ours.read.p50).toFixed(1)}× faster, search p50 ${(rt.search.p50 / ours.search.p50).toFixed(1)}× faster`,
  );
});
