// Running the built Opsdesk (`node bin/opsdesk.js`, what `npm start` runs) on a temp data dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OpsdeskProcess,
  repoRoot,
  spawnOpsdesk,
  stopCluster,
  waitForReady,
} from '../../src/server/testing/fixtures/processes.js';
import { onCleanup } from './cleanup.js';
import { cpuTimeMs } from './load.js';

export const benchPassword = 'bench-password-1';

/** Builds dist/ when it is missing or older than the sources, as `npm start` does. */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'ensure-build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

/** A temp data dir, deleted at cleanup after its PostgreSQL is stopped (if still running). */
export function tempDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  onCleanup(() => stopCluster(join(dataDir, 'postgres')));
  return dataDir;
}

export interface Started {
  opsdesk: OpsdeskProcess;
  url: string;
  /** From spawning the process to the first 200 from /readyz. */
  readyAfterMs: number;
  /** CPU time (user + system) the node process had used by then. */
  cpuWhenReadyMs: number;
}

/** `opsdesk start` on `dataDir` (demo seeded with benchPassword on an empty one), until ready. */
export async function startOpsdesk(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<Started> {
  const url = `http://127.0.0.1:${port}`;
  const begin = performance.now();
  const opsdesk = spawnOpsdesk(['start'], {
    entry: 'dist',
    env: {
      OPSDESK_DATA_DIR: dataDir,
      OPSDESK_PORT: String(port),
      OPSDESK_DEMO_PASSWORD: benchPassword,
      OPSDESK_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  onCleanup(() => opsdesk.stop());
  await waitForReady(url, { process: opsdesk, timeoutMs: 120_000, intervalMs: 5 });
  const readyAfterMs = performance.now() - begin;
  return { opsdesk, url, readyAfterMs, cpuWhenReadyMs: cpuTimeMs(opsdesk.pid) };
}

/** SIGTERM and wait; fails if Opsdesk did not exit cleanly. Returns how long it took. */
export async function stopOpsdesk(started: Started): Promise<number> {
  const begin = performance.now();
  const exit = await started.opsdesk.stop();
  if (exit.code !== 0) {
    throw new Error(`opsdesk exited with ${exit.code ?? exit.signal}:\n${started.opsdesk.output()}`);
  }
  return performance.now() - begin;
}
