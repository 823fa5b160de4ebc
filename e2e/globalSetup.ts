// Starts one Opsdesk for the browser tests exactly as `npm start` would: builds dist/ (server and
// web app) when the sources changed, then `opsdesk start` with its own embedded PostgreSQL in a
// temporary data dir, demo data seeded with a known password and the paper's history, on a free port.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
  }
}

const root = new URL('..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitReady(url: string, exited: () => string | null, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = exited();
    if (failure) throw new Error(`Opsdesk exited before it was ready: ${failure}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Opsdesk was not ready at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [join(root, 'scripts/ensure-build.mjs')], { cwd: root, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-e2e-'));
  const port = await freePort();
  const demoPassword = 'e2e-demo-password';
  const env = {
    ...process.env,
    DATABASE_URL: '',
    OPSDESK_DATA_DIR: dataDir,
    OPSDESK_PORT: String(port),
    OPSDESK_HOST: '127.0.0.1',
    OPSDESK_DEMO: '1',
    OPSDESK_DEMO_PASSWORD: demoPassword,
    OPSDESK_SANDBOX_LATENCY_MS: '300',
    OPSDESK_RETRY_BASE_MS: '200',
    OPSDESK_LOG_LEVEL: 'warn',
  };
  // The demo organisation and the paper's evaluation period (Sep–Oct 2023), so the dashboards
  // have history to show; each command starts and stops the embedded PostgreSQL itself.
  for (const args of [
    ['seed', 'demo'],
    ['seed', 'paper-history'],
  ]) {
    execFileSync(process.execPath, [join(root, 'bin/opsdesk.js'), ...args], {
      cwd: root,
      env,
      stdio: 'pipe',
    });
  }
  const output: string[] = [];
  const child = spawn(process.execPath, [join(root, 'bin/opsdesk.js'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit: string | null = null;
  child.on('exit', (code, signal) => {
    exit = `code ${code} signal ${signal}\n${output.join('')}`;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(baseUrl, () => exit);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('demoPassword', demoPassword);

  return async () => {
    if (!exit) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
    // What went wrong in the server (errors, e.g. a job that failed and waits for its retry)
    // explains a failed step afterwards; warnings such as "email is not configured" are left out.
    const errors = output
      .join('')
      .split('\n')
      .filter((line) => /^\{"level":(5|6)\d,/.test(line));
    if (errors.length > 0)
      console.log(
        `Opsdesk's errors during the browser tests (last ${Math.min(errors.length, 40)}):\n${errors.slice(-40).join('\n')}`,
      );
  };
}
