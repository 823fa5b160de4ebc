import { afterEach, describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../../types.js';
import { playbookVariables } from '../ansible/extra-vars.js';
import { memoryState, startStagingInput, testContext } from '../testing/context.js';
import { closeLoopbackServers } from '../testing/loopback.js';
import { awxExecutor, awxExecutorConfigSchema } from './executor.js';
import { fakeAwx, type JobStep } from './fake-awx.js';

afterEach(closeLoopbackServers);

const token = 'awx-token-3c9d';

const header = 'PLAY [Start request-only staging] **********************************************\n\n';
const task = 'TASK [start the instance] ******************************************************\n';
const recap =
  '\nPLAY RECAP *********************************************************************\n' +
  'localhost                  : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n';

const successful: JobStep[] = [
  { status: 'pending', stdout: '' },
  { status: 'running', stdout: header },
  // The last line is still being written: it must not be shown half.
  { status: 'running', stdout: `${header}${task}changed: [local` },
  { status: 'successful', stdout: `${header}${task}changed: [localhost]\n${recap}` },
];

function config(baseUrl: string, change: Record<string, unknown> = {}) {
  return awxExecutorConfigSchema.parse({ baseUrl, token, jobTemplateId: 7, ...change });
}

const outputLines = [
  'PLAY [Start request-only staging] **********************************************',
  '',
  'TASK [start the instance] ******************************************************',
  'changed: [localhost]',
  '',
  'PLAY RECAP *********************************************************************',
  'localhost                  : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
];

describe('awx executor against a fake AWX', () => {
  it('launches the job template, follows the job and streams each output line once', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const ctx = testContext();
    const state = memoryState();
    const outcome = await awxExecutor.start(
      ctx,
      startStagingInput,
      config(awx.url, { limit: 'staging' }),
      state,
    );

    expect(outcome).toEqual({
      status: 'succeeded',
      summary: 'AWX job 42 finished: localhost: 2 ok, 1 changed.',
      outputs: { awx_job_id: 42, awx_job_url: `${awx.url}/#/jobs/playbook/42/output` },
    });
    expect(awx.launches).toEqual([
      {
        templateId: 7,
        body: { extra_vars: playbookVariables(startStagingInput, ctx).vars, limit: 'staging' },
      },
    ]);
    expect(ctx.lines).toEqual([
      'Only under opsdesk.fields / opsdesk.params (Ansible reserves these names): environment',
      `Launched AWX job 42 from job template 7: ${awx.url}/#/jobs/playbook/42/output`,
      ...outputLines,
    ]);
    expect(ctx.sleeps).toEqual([5_000, 5_000, 5_000]);
    expect(state.value).toEqual({
      awx: { jobId: 42, launchedAt: '2026-01-01T00:00:00.000Z', linesSeen: outputLines.length },
    });
  });

  it('a failed job fails the run with AWX’s explanation and the task’s message', async () => {
    const failedOutput =
      `${header}${task}fatal: [localhost]: FAILED! => {"changed": false, "msg": "Instance i-092c3d51056f510e9 does not exist"}\n` +
      recap.replace('ok=2    changed=1', 'ok=1    changed=0').replace('failed=0', 'failed=1');
    const awx = await fakeAwx({
      token,
      script: [
        { status: 'running', stdout: header },
        { status: 'failed', stdout: failedOutput, job_explanation: 'Job terminated due to error' },
      ],
    });
    const outcome = await awxExecutor.start(testContext(), startStagingInput, config(awx.url), memoryState());
    expect(outcome.status).toBe('failed');
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message.split('\n')[0]).toBe(
      `AWX job 42 failed: Job terminated due to error; localhost: Instance i-092c3d51056f510e9 does not exist. See ${awx.url}/#/jobs/playbook/42/output`,
    );
    expect(message).toContain('Last output:\nPLAY [Start request-only staging]');
  });

  it('a wrong token is a permanent failure in plain words, and nothing is launched', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const started = awxExecutor.start(
      testContext(),
      startStagingInput,
      { ...config(awx.url), token: 'expired-token' },
      memoryState(),
    );
    await expect(started).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(started).rejects.toThrow(
      'Launching AWX job template 7: AWX refused the token (401): check the token in the AWX executor settings.',
    );
    expect(awx.launches).toHaveLength(0);
  });

  it('an unknown job template is a permanent failure', async () => {
    const awx = await fakeAwx({ token, script: successful });
    await expect(
      awxExecutor.start(
        testContext(),
        startStagingInput,
        config(awx.url, { jobTemplateId: 99 }),
        memoryState(),
      ),
    ).rejects.toThrow(
      'Launching AWX job template 99: AWX does not know it (404): check the job template id and the AWX URL — Not found..',
    );
  });

  it('a 500 while polling is transient; the re-execution follows the same job and repeats no line', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const state = memoryState();
    const first = testContext();
    // Two reads of the job succeed (pending, then running with its first lines); the third fails.
    awx.failOnce(/^\/api\/v2\/jobs\/42\/$/, { skip: 2 });
    const failing = awxExecutor.start(first, startStagingInput, config(awx.url), state);
    await expect(failing).rejects.toBeInstanceOf(TransientProviderError);
    await expect(failing).rejects.toThrow('Reading AWX job 42: AWX answered 500 (<h1>Server Error</h1>)');

    const second = testContext({ attempt: 2 });
    const outcome = await awxExecutor.start(second, startStagingInput, config(awx.url), state);
    expect(outcome.status).toBe('succeeded');
    expect(awx.launches).toHaveLength(1);
    expect(second.lines[0]).toBe(
      `Following AWX job 42, launched earlier for this run: ${awx.url}/#/jobs/playbook/42/output`,
    );
    expect(first.lines.slice(2)).toEqual(outputLines.slice(0, 2));
    expect(second.lines.slice(1)).toEqual(outputLines.slice(2));
  });

  it('a re-execution after a crash finds the stored job and does not launch again', async () => {
    const awx = await fakeAwx({ token, script: successful, firstJobId: 100 });
    awx.addJob(42);
    const state = memoryState({ awx: { jobId: 42, launchedAt: '2026-01-01T00:00:00.000Z', linesSeen: 0 } });
    const outcome = await awxExecutor.start(
      testContext({ attempt: 2 }),
      startStagingInput,
      config(awx.url),
      state,
    );
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: { awx_job_id: 42 } });
    expect(awx.launches).toHaveLength(0);
  });

  it('waits for the last output events of a finished job', async () => {
    const awx = await fakeAwx({
      token,
      script: [
        { status: 'successful', stdout: header, event_processing_finished: false },
        {
          status: 'successful',
          stdout: `${header}${task}changed: [localhost]\n${recap}`,
          event_processing_finished: true,
        },
      ],
    });
    const ctx = testContext();
    await awxExecutor.start(ctx, startStagingInput, config(awx.url), memoryState());
    expect(ctx.lines.slice(2)).toEqual(outputLines);
  });

  it('a job over its time is cancelled and the run fails', async () => {
    const awx = await fakeAwx({ token, script: [{ status: 'running', stdout: header }] });
    const ctx = testContext();
    const outcome = await awxExecutor.start(
      ctx,
      startStagingInput,
      config(awx.url, { timeoutSeconds: 20, pollIntervalSeconds: 5 }),
      memoryState(),
    );
    expect(outcome).toEqual({
      status: 'failed',
      message: `AWX job 42 did not finish within 20 seconds; Opsdesk asked AWX to cancel it. See ${awx.url}/#/jobs/playbook/42/output`,
    });
    expect(awx.cancels).toEqual([42]);
    expect(ctx.sleeps).toEqual([5_000, 5_000, 5_000, 5_000]);
  });

  it('AWX out of reach is transient', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const url = awx.url;
    await closeLoopbackServers();
    await expect(
      awxExecutor.start(testContext(), startStagingInput, config(url), memoryState()),
    ).rejects.toThrow(`Launching AWX job template 7: cannot reach AWX at ${url}: ECONNREFUSED`);
  });
});

describe('awx executor and the network guard (issue 16, finding 3)', () => {
  it('with private networks not allowed, AWX on 127.0.0.1 is refused before the token is sent', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const ctx = { ...testContext(), allowPrivateNetworks: false };
    const started = awxExecutor.start(ctx, startStagingInput, config(awx.url), memoryState());
    await expect(started).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(started).rejects.toThrow(/not a public address/);
    expect(awx.requests).toEqual([]);
  });

  it('a host name that resolves to loopback is refused too', async () => {
    const awx = await fakeAwx({ token, script: successful });
    const ctx = { ...testContext(), allowPrivateNetworks: false };
    const url = awx.url.replace('127.0.0.1', 'localhost');
    await expect(awxExecutor.start(ctx, startStagingInput, config(url), memoryState())).rejects.toThrow(
      /localhost resolves to .*not a public address/,
    );
    expect(awx.requests).toEqual([]);
  });
});
