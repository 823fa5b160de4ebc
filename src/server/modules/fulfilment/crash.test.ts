// A worker killed in the middle of a run: the ticket still ends in the right status and the
// action ran once (the run is picked up again and the sandbox resumes waiting instead of acting).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../../jobs/worker.js';
import { sandboxInstances } from '../../providers/sandbox/sandbox.schema.js';
import { demoPassword, startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { jobHandlers, jobRegistry } from '../index.js';
import { environments } from '../inventory/inventory.schema.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false, config: { OPSDESK_SANDBOX_LATENCY_MS: '3000' } });
});
afterAll(() => t.close());

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a run whose worker is killed is finished by another worker without acting twice', async () => {
  const cli = join(import.meta.dirname, '../../cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: t.context.database.url,
      OPSDESK_DATA_DIR: t.context.config.dataDir,
      OPSDESK_SECRET_KEY: t.context.config.secretKey,
      OPSDESK_DEMO: '0',
      OPSDESK_DEMO_PASSWORD: demoPassword,
      OPSDESK_SANDBOX_LATENCY_MS: '3000',
      OPSDESK_LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  const [dev, lead] = await Promise.all([t.login('dev@opsdesk.local'), t.login('lead@opsdesk.local')]);
  // The child worker verifies the request: it starts through tsx, seconds on a loaded machine.
  const { key } = await fileAndApprove(
    t,
    { requester: dev, approver: lead },
    'start-request-only-staging',
    { environment: 'bugfix1x2' },
    90_000,
  );
  const [environment] = await t.context.db
    .select()
    .from(environments)
    .where(eq(environments.name, 'bugfix1x2'));
  // The child has started the instance and is waiting for it to come up: kill it there.
  await until(async () => {
    const [instance] = await t.context.db
      .select()
      .from(sandboxInstances)
      .where(eq(sandboxInstances.externalId, environment!.externalId));
    return instance?.state === 'pending';
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const [midway] = await t.context.db.select().from(fulfilmentRuns);
  expect(midway).toMatchObject({ status: 'running', attempts: 1 });

  const worker = await startWorker({
    database: t.context.database,
    registry: jobRegistry,
    handlers: jobHandlers(t.context),
    concurrency: 2,
    logger: t.context.log,
    pollInterval: 100,
  });
  try {
    const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer', 30_000);
    expect(ticket.runs).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 2 })]);
  } finally {
    await worker.stop();
  }
  const [instance] = await t.context.db
    .select()
    .from(sandboxInstances)
    .where(eq(sandboxInstances.externalId, environment!.externalId));
  expect(instance).toMatchObject({ state: 'running', startCount: 1 });
  const output = await t.context.db.execute<{ line: string }>(
    sql`select line from fulfilment_run_output order by id`,
  );
  expect(output.rows.map((row) => row.line)).toContain('bugfix1x2 is already pending (resuming the wait)');
}, 180_000);
