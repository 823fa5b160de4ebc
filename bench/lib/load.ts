// Closed-loop HTTP load: N keep-alive connections, each sending its next request as soon as
// the previous answer has arrived, for a fixed time. Node's own http.Agent (no dependency).

import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  latenciesMs: number[];
}

function getOnce(
  agent: Agent,
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function runLoad(options: {
  url: string;
  token: string;
  connections: number;
  durationMs: number;
  /** Extra request headers (e.g. accept-encoding, as browsers send). */
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latenciesMs: number[] = [];
  let errors = 0;
  const begin = performance.now();
  const end = begin + options.durationMs;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const status = await getOnce(agent, options.url, options.token, options.headers).catch(() => 0);
        latenciesMs.push(performance.now() - sent);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsedMs = performance.now() - begin;
  agent.destroy();
  return { requests: latenciesMs.length, errors, elapsedMs, latenciesMs };
}

const ticksPerSecond = 100; // USER_HZ, 100 on Linux

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; 0 if it is gone. */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}
