// Start-up time of `opsdesk start` (the built dist/, what `npm start` runs), target under 3 s.
//
// How: from spawning `node bin/opsdesk.js start` to the first 200 from GET /readyz (polled every
// 5 ms, a fresh connection each time), with the embedded PostgreSQL (DATABASE_URL unset).
// - First start, once: an empty temp OPSDESK_DATA_DIR, so initdb, migrations and the demo seed
//   are included. Reported separately.
// - Start on the existing data dir, BENCH_STARTUP_RUNS times (default 7): each run is stopped
//   with SIGTERM (Opsdesk stops its PostgreSQL too) before the next, so every run starts the
//   PostgreSQL server, checks migrations, and starts HTTP and the worker. Min / median / max.
// Also: the CPU time the node process used until ready (it depends less on what else the
// machine does than the wall time), how long SIGTERM → exit takes (HTTP, worker and PostgreSQL
// stopped), and the floor of any start: `node bin/opsdesk.js --help` (Node start-up plus
// loading every module).
// Run: npx tsx bench/startup.ts
import { execFileSync } from 'node:child_process';
import { freePort, opsdeskCommand, repoRoot } from '../src/server/testing/fixtures/processes.js';
import { runBenchmark } from './lib/cleanup.js';
import { ensureBuilt, startOpsdesk, stopOpsdesk, tempDataDir } from './lib/opsdesk.js';
import { machineLoad, ms, seconds, summarise, verdict } from './lib/stats.js';

const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const targetMs = 3_000;

function moduleLoadingMs(): number {
  const [node, ...args] = opsdeskCommand(['--help'], 'dist');
  const times = Array.from({ length: 5 }, () => {
    const begin = performance.now();
    execFileSync(node as string, args, { cwd: repoRoot, stdio: 'ignore' });
    return performance.now() - begin;
  });
  return summarise(times).p50;
}

await runBenchmark(async () => {
  console.log(`startup: ${machineLoad()}`);
  ensureBuilt();
  const dataDir = tempDataDir();
  const port = await freePort();

  const first = await startOpsdesk(dataDir, port);
  const firstStop = await stopOpsdesk(first);
  console.log(
    `startup: first start on an empty data dir (initdb, migrations, demo seed): ${seconds(first.readyAfterMs)}`,
  );

  const ready: number[] = [];
  const cpu: number[] = [];
  const stops: number[] = [firstStop];
  for (let run = 0; run < runs; run++) {
    const started = await startOpsdesk(dataDir, port);
    ready.push(started.readyAfterMs);
    cpu.push(started.cpuWhenReadyMs);
    stops.push(await stopOpsdesk(started));
  }
  const startup = summarise(ready);
  console.log(
    `startup: start on an existing data dir, ${runs} runs: min ${seconds(startup.min)}, ` +
      `median ${seconds(startup.p50)}, max ${seconds(startup.max)} ` +
      `(target: median < ${seconds(targetMs)}, ${verdict(startup.p50, targetMs)})`,
  );
  console.log(
    `startup: CPU time of the node process until ready: median ${seconds(summarise(cpu).p50)} ` +
      '(on a busy machine the start waits for CPU: compare with the wall time above)',
  );
  const stopping = summarise(stops);
  console.log(`startup: SIGTERM to exit (HTTP, worker, PostgreSQL stopped): median ${ms(stopping.p50)}`);
  console.log(`startup: floor, \`opsdesk --help\` (Node + loading every module): ${ms(moduleLoadingMs())}`);
});
