// `opsdesk start` on a port another process holds: it must say so and exit, not hang. (It used to
// hang: the worker had started and held pool clients, the pool's end waited for them, and the
// worker's cron kept retrying on the ended pool, so the error was never printed.)
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from './lib/paths.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

let testDatabase: TestDatabase;
let taken: Server;
let port: number;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await testDatabase.drop();
});

it('start on a port already in use exits with the error, its worker stopped', {
  timeout: 120_000,
}, async () => {
  const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'start'],
      {
        cwd: packageRoot(),
        timeout: 90_000,
        env: {
          ...process.env,
          DATABASE_URL: testDatabase.url,
          OPSDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'opsdesk-start-')),
          OPSDESK_HOST: '127.0.0.1',
          OPSDESK_PORT: String(port),
          OPSDESK_LOG_LEVEL: 'silent',
          OPSDESK_DEMO: '0',
        },
      },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
  expect(outcome.code).toBe(1);
  expect(outcome.stderr).toContain(
    `127.0.0.1:${port} is in use by another process (EADDRINUSE): stop it or set OPSDESK_PORT`,
  );
});
