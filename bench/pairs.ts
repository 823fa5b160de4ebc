// Same-minute pairs of the core-loop bench (bench/lifecycle.ts) for two built servers.
//
//   npx tsx bench/pairs.ts /tmp/base /tmp/branch [pairs=3] [lifecycles=300] [concurrency=32]
//
// Runs lifecycle.ts against A then B (then B then A in the next pair, so neither always goes
// first into a warmer or busier machine), `pairs` times, and prints each run's figures and the
// median of each side. Figures from different minutes on a shared machine are not comparable;
// only pairs are. BENCH_* variables (BENCH_SKIP, BENCH_LATENCY_LIFECYCLES, …) pass through.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

interface Figures {
  rate: number | null;
  sustained: number | null;
  cpuNode: number | null;
  cpuPostgres: number | null;
  p50: number | null;
  p99: number | null;
  latencyP50: number | null;
  latencyP99: number | null;
  burstFiled: number | null;
  burstDrain: number | null;
}

const number = (text: string, pattern: RegExp): number | null => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
};

/** The figures lifecycle.ts prints, read back from its output. */
export function parseLifecycleOutput(output: string): Figures {
  const latencyLine =
    /approval → waiting_for_customer at \d+ concurrent \(\d+ lifecycles\): (.*)/.exec(output)?.[1] ?? '';
  const loadLine = /approval → waiting_for_customer at \d+ concurrent: (.*)/.exec(output)?.[1] ?? '';
  return {
    rate: number(output, /throughput: ([\d.]+) lifecycles\/s/),
    sustained: number(output, /with every job done: ([\d.]+) lifecycles\/s/),
    cpuNode: number(output, /CPU per lifecycle, every job done: Opsdesk ([\d.]+) ms/),
    cpuPostgres: number(
      output,
      /CPU per lifecycle, every job done: Opsdesk [\d.]+ ms, PostgreSQL ([\d.]+) ms/,
    ),
    p50: number(loadLine, /p50 ([\d.]+) ms/),
    p99: number(loadLine, /p99 ([\d.]+) ms/),
    latencyP50: number(latencyLine, /p50 ([\d.]+) ms/),
    latencyP99: number(latencyLine, /p99 ([\d.]+) ms/),
    burstFiled: number(output, /burst: (\d+) requests filed/),
    burstDrain: number(output, /every job done ([\d.]+) s after it/),
  };
}

export function median(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}

const columns: [keyof Figures, string][] = [
  ['rate', 'lifecycles/s'],
  ['sustained', 'every job done/s'],
  ['cpuNode', 'CPU Opsdesk ms'],
  ['cpuPostgres', 'CPU PostgreSQL ms'],
  ['p50', 'approval→wfc p50 (load)'],
  ['p99', 'p99 (load)'],
  ['latencyP50', 'approval→wfc p50 (latency run)'],
  ['latencyP99', 'p99 (latency run)'],
  ['burstFiled', 'burst filed'],
  ['burstDrain', 'burst drain s'],
];

function main(): void {
  const [a, b, pairsArg = '3', lifecycles = '300', concurrency = '32'] = process.argv.slice(2);
  if (!a || !b) {
    console.error('usage: npx tsx bench/pairs.ts <root A> <root B> [pairs] [lifecycles] [concurrency]');
    process.exit(2);
  }
  const roots = [resolve(a), resolve(b)];
  for (const root of roots)
    if (!existsSync(resolve(root, 'dist'))) {
      console.error(`${root} has no dist/: run npm run build there first`);
      process.exit(2);
    }
  const pairs = Number(pairsArg);
  const runs: { side: 0 | 1; figures: Figures }[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const order: (0 | 1)[] = pair % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      const started = new Date().toISOString().slice(11, 19);
      const result = spawnSync('npx', ['tsx', 'bench/lifecycle.ts', lifecycles, concurrency], {
        cwd: resolve(import.meta.dirname, '..'),
        env: { ...process.env, BENCH_OPSDESK_ROOT: roots[side] },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const output = `${result.stdout}\n${result.stderr}`;
      if (result.status !== 0) {
        console.error(output);
        throw new Error(`lifecycle.ts failed for ${roots[side]} (exit ${result.status})`);
      }
      const figures = parseLifecycleOutput(output);
      runs.push({ side, figures });
      const load = /load average ([\d.]+)/.exec(output)?.[1] ?? '?';
      console.log(
        `pair ${pair + 1} ${side === 0 ? 'A' : 'B'} at ${started} (load ${load}): ` +
          columns.map(([key, label]) => `${label} ${figures[key] ?? '—'}`).join('; '),
      );
    }
  }
  console.log(`\nmedians of ${pairs} pairs — A: ${roots[0]}, B: ${roots[1]}`);
  console.log('| figure | A | B |\n|---|---|---|');
  for (const [key, label] of columns) {
    const side = (which: 0 | 1) =>
      median(runs.filter((run) => run.side === which).map((run) => run.figures[key]));
    console.log(`| ${label} | ${side(0) ?? '—'} | ${side(1) ?? '—'} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
