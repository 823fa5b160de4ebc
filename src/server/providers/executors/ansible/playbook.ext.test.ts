// Runs real playbooks with the machine's `ansible-playbook` (Debian's ansible-core, installed by
// .ci/run when missing) against localhost with a local connection.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../../types.js';
import { memoryState, startStagingInput, testContext } from '../testing/context.js';
import type { ExecutorInput } from '../types.js';
import { ansibleExecutorConfigSchema, createAnsibleExecutor } from './executor.js';
import { runPlaybook } from './playbook.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const executor = createAnsibleExecutor();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-ansible-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function input(fields: Record<string, unknown>): ExecutorInput {
  return { ...startStagingInput, fields, params: {} };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (polling) until `condition` holds; gives up after `attempts` tries. */
async function eventually(condition: () => boolean, attempts = 100): Promise<boolean> {
  for (let tried = 0; tried < attempts; tried++) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('ansible executor with a real playbook', () => {
  it('writes a file from the request, reports the recap and the playbook’s outputs', async () => {
    const target = join(dir, 'recreated.txt');
    const ctx = testContext();
    const outcome = await executor.start(
      ctx,
      input({
        environment: 'bugfix1x2',
        newName: 'bugfix1x3',
        target_file: target,
        note: "{{ lookup('pipe', 'id') }}",
      }),
      ansibleExecutorConfigSchema.parse({ playbook: fixture('write-file.yml') }),
      memoryState(),
    );

    expect(outcome).toEqual({
      status: 'succeeded',
      summary: 'The playbook write-file.yml finished: localhost: 2 ok, 2 changed.',
      outputs: { url: 'https://bugfix1x3.staging.example', ready: true },
    });
    // The form's text reaches the file verbatim: Ansible did not template it (no command ran).
    expect(await readFile(target, 'utf8')).toBe(
      [
        'ticket=R1-3386',
        'environment=bugfix1x2',
        'new_name=bugfix1x3',
        'requester=dewi@example.com',
        "note={{ lookup('pipe', 'id') }}",
        '',
      ].join('\n'),
    );
    expect(ctx.lines[0]).toBe(
      'Only under opsdesk.fields / opsdesk.params (Ansible reserves these names): environment',
    );
    const taskLines = ctx.lines.filter((line) => /^(PLAY|TASK) \[|^PLAY RECAP/.test(line));
    expect(taskLines.map((line) => line.replace(/ \*+$/, ''))).toEqual([
      'PLAY [Record the recreated environment]',
      'TASK [write the file]',
      'TASK [leave outputs for Opsdesk]',
      'PLAY RECAP',
    ]);
  });

  it('a failing playbook fails the run with its own message and exit code 2', async () => {
    const lines: string[] = [];
    const result = await runPlaybook({
      playbook: fixture('fail.yml'),
      extraVars: { opsdesk: { fields: { environment: 'bugfix9' } } },
      timeoutMs: 120_000,
      log: (line) => lines.push(line),
    });
    expect(result).toMatchObject({
      exitCode: 2,
      ok: false,
      ended: 'exited',
      failures: [{ host: 'localhost', message: 'Environment bugfix9 does not exist' }],
      recap: {
        localhost: { ok: 1, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 },
      },
    });
    expect(result.lastLines.at(-1)).toMatch(/^localhost\s+: ok=1\s+changed=0\s+unreachable=0\s+failed=1/);

    const outcome = await executor.start(
      testContext(),
      input({ environment: 'bugfix9' }),
      ansibleExecutorConfigSchema.parse({ playbook: fixture('fail.yml') }),
      memoryState(),
    );
    expect(outcome.status).toBe('failed');
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message.split('\n')[0]).toBe(
      'The playbook fail.yml failed (exit code 2: a task failed): localhost: Environment bugfix9 does not exist.',
    );
    expect(message).toContain('Last output:\n');
    expect(message).toContain(
      'fatal: [localhost]: FAILED! => {"changed": false, "msg": "Environment bugfix9 does not exist"}',
    );
  });

  it('streams lines while it runs, and an abort kills the playbook and what it started', async () => {
    const pidFile = join(dir, 'sleep.pid');
    const lines: string[] = [];
    const controller = new AbortController();
    const running = runPlaybook({
      playbook: fixture('long.yml'),
      extraVars: { pid_file: pidFile, opsdesk: { ticket: { key: 'R1-3390' } } },
      timeoutMs: 300_000,
      log: (line) => lines.push(line),
      signal: controller.signal,
      killGraceMs: 2_000,
    });
    expect(await eventually(() => existsSync(pidFile))).toBe(true);
    const sleepPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(isRunning(sleepPid)).toBe(true);
    // Both steps were reported while the playbook was still running.
    const stepOne = lines.findIndex((line) => line.includes('"msg": "step one for R1-3390"'));
    const stepTwo = lines.findIndex((line) => line.includes('"msg": "step two"'));
    expect(stepOne).toBeGreaterThan(-1);
    expect(stepTwo).toBeGreaterThan(stepOne);

    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ exitCode: null, ok: false, ended: 'aborted' });
    expect(result.recap).toBeUndefined();
    expect(await eventually(() => !isRunning(sleepPid), 50)).toBe(true);
  });

  it('a playbook over its time is stopped and the run fails in plain words', async () => {
    const pidFile = join(dir, 'sleep.pid');
    const outcome = await executor.start(
      testContext(),
      input({ pid_file: pidFile }),
      ansibleExecutorConfigSchema.parse({ playbook: fixture('long.yml'), timeoutSeconds: 4 }),
      memoryState(),
    );
    expect(outcome).toEqual({
      status: 'failed',
      message: 'The playbook long.yml did not finish within 4 seconds and was stopped.',
    });
    const sleepPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(await eventually(() => !isRunning(sleepPid), 50)).toBe(true);
  });

  it('a worker shutdown stops the playbook and asks for the run to be retried', async () => {
    const pidFile = join(dir, 'sleep.pid');
    const controller = new AbortController();
    const started = executor.start(
      testContext({ signal: controller.signal }),
      input({ pid_file: pidFile }),
      ansibleExecutorConfigSchema.parse({ playbook: fixture('long.yml') }),
      memoryState(),
    );
    expect(await eventually(() => existsSync(pidFile))).toBe(true);
    controller.abort();
    await expect(started).rejects.toBeInstanceOf(TransientProviderError);
  });
});
