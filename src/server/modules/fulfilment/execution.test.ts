// What a run of the core loop leaves behind with the sandbox at zero latency (as in tests): the
// output lines people read on the ticket, an instance that acted once and settled, and a run that
// a second execution of its job leaves alone (issue 18 cut the job's statements; none of this
// may change).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxInstances } from '../../providers/sandbox/sandbox.schema.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { environments } from '../inventory/inventory.schema.js';
import { executeRun } from './execution.js';
import { fulfilmentRuns } from './fulfilment.schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: true });
});
afterAll(() => t?.close());

it('a started environment: the run’s lines, one start, a settled instance; a second execution does nothing', async () => {
  const [dev, lead, infra] = await Promise.all(
    ['dev', 'lead', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'start-request-only-staging', {
    environment: 'bugfix1x2',
  });
  await waitForStatus(t, dev, key, 'waiting_for_customer');
  const runs = await t.api('GET', `/api/v1/tickets/${key}/runs`, { token: infra });
  expect(runs.status).toBe(200);
  expect(runs.body).toHaveLength(1);
  expect(runs.body[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(runs.body[0].output.map((line: { line: string }) => line.line)).toEqual([
    expect.stringMatching(/^attempt 1 of \d+: environment\.start on bugfix1x2$/),
    'start accepted: stopped → pending',
    'bugfix1x2 is running',
    'bugfix1x2 is running at https://bugfix1x2.staging.opsdesk.local',
  ]);

  const [environment] = await t.context.db
    .select()
    .from(environments)
    .where(eq(environments.name, 'bugfix1x2'));
  expect(environment).toMatchObject({ state: 'running' });
  const instanceOf = async () =>
    (
      await t.context.db
        .select()
        .from(sandboxInstances)
        .where(eq(sandboxInstances.externalId, environment!.externalId))
    )[0];
  expect(await instanceOf()).toMatchObject({
    state: 'running',
    targetState: null,
    settlesAt: null,
    startCount: 1,
  });

  // The job runs again (a duplicate, a retry after a lost completion): the run is finished.
  const [run] = await t.context.db
    .select()
    .from(fulfilmentRuns)
    .where(eq(fulfilmentRuns.id, runs.body[0].id));
  await executeRun(t.context, run!.id, {
    jobId: 'again',
    attempt: 1,
    maxAttempts: 10,
    signal: new AbortController().signal,
    log: t.context.log,
  });
  const [after] = await t.context.db.select().from(fulfilmentRuns).where(eq(fulfilmentRuns.id, run!.id));
  expect(after).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(await instanceOf()).toMatchObject({ startCount: 1 });
});
