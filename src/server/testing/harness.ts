// Integration-test harness: a real PostgreSQL database per test file, the real HTTP app (through
// Fastify's inject, or listening on a port), and optionally the real job worker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Config, loadConfig } from '../config.js';
import { type AppContext, type Clock, createAppContext } from '../context.js';
import { connect } from '../db/client.js';
import { wireFlows } from '../flows/index.js';
import { type App, buildApp } from '../http/app.js';
import { startWorker, type WorkerHandle } from '../jobs/worker.js';
import { clearAllCaches } from '../lib/cache.js';
import { seedDemo } from '../modules/demo/index.js';
import { authenticator } from '../modules/identity/index.js';
import { jobHandlers, jobRegistry, routeModules } from '../modules/index.js';
import { dispatchAfterCommits } from '../modules/notifications/index.js';
import { createTestDatabase } from './database.js';

export const demoPassword = 'demo-password-1';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  app: App;
  context: AppContext;
  worker: WorkerHandle | null;
  /** Calls the API as the holder of `token` (or anonymously). */
  api<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** Signs in a (demo) user and returns their bearer token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    OPSDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'opsdesk-test-data-')),
    OPSDESK_DEMO: '0',
    OPSDESK_DEMO_PASSWORD: demoPassword,
    OPSDESK_SANDBOX_LATENCY_MS: '0',
    OPSDESK_LOG_LEVEL: 'silent',
    OPSDESK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...overrides,
  });
}

export async function startTestApp(
  options: {
    worker?: boolean;
    demo?: boolean;
    config?: Record<string, string>;
    clock?: Clock;
    /** How often the worker polls when idle (new jobs still arrive by NOTIFY at once). */
    workerPollInterval?: number;
    /** false: notifications are left to their dispatch jobs instead of dispatched after commit. */
    dispatchAfterCommit?: boolean;
  } = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  // Another app of this process may have filled the per-process caches from its own database.
  clearAllCaches();
  const config = testConfig(options.config);
  const database = connect(testDatabase.url, { poolSize: 10 });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const context = createAppContext({
    config,
    database,
    log,
    clock: options.clock,
    secretKey: Buffer.from(config.secretKey!, 'base64'),
  });
  wireFlows(context);
  if (options.dispatchAfterCommit === false) dispatchAfterCommits(context, false);
  if (options.demo !== false) await seedDemo(context, { onlyIfEmpty: true });
  const app = await buildApp(context, routeModules, { authenticate: authenticator(context), logger: false });
  const worker = options.worker
    ? await startWorker({
        database,
        registry: jobRegistry,
        handlers: jobHandlers(context),
        concurrency: 4,
        logger: log,
        pollInterval: options.workerPollInterval ?? 100,
      })
    : null;

  const api: TestApp['api'] = async (method, path, { token, body, headers } = {}) => {
    const response = await app.inject({
      method,
      url: path,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const text = response.body;
    let parsed: unknown = text;
    if (response.headers['content-type']?.toString().includes('json') && text) parsed = JSON.parse(text);
    return { status: response.statusCode, body: parsed as never, headers: response.headers };
  };

  return {
    app,
    context,
    worker,
    api,
    async login(email, password = demoPassword) {
      const response = await api<{ token: string }>('POST', '/api/v1/auth/login', {
        body: { email, password },
      });
      if (response.status !== 200) throw new Error(`login ${email} failed: ${JSON.stringify(response.body)}`);
      return response.body.token;
    },
    async close() {
      await app.close();
      await worker?.stop();
      await context.background.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
