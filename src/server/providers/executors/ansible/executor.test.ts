import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermanentProviderError } from '../../types.js';
import { memoryState, startStagingInput, testContext } from '../testing/context.js';
import { ansibleExecutorConfigSchema, createAnsibleExecutor } from './executor.js';

const playbook = join(import.meta.dirname, 'fixtures', 'fail.yml');

describe('ansible executor without ansible', () => {
  it('says plainly that ansible-playbook is missing', async () => {
    const executor = createAnsibleExecutor({ ansiblePlaybookPath: '/opt/nowhere/ansible-playbook' });
    const started = executor.start(
      testContext(),
      startStagingInput,
      ansibleExecutorConfigSchema.parse({ playbook }),
      memoryState(),
    );
    await expect(started).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(started).rejects.toThrow(
      'ansible-playbook is not installed on the Opsdesk server (looked for "/opt/nowhere/ansible-playbook"); install the ansible-core package.',
    );
  });

  it('says plainly that the playbook is missing', async () => {
    const started = createAnsibleExecutor().start(
      testContext(),
      startStagingInput,
      ansibleExecutorConfigSchema.parse({ playbook: '/srv/playbooks/missing.yml' }),
      memoryState(),
    );
    await expect(started).rejects.toThrow(
      'The playbook /srv/playbooks/missing.yml does not exist on the Opsdesk server.',
    );
  });

  it('accepts only an absolute path to a YAML playbook', () => {
    expect(ansibleExecutorConfigSchema.safeParse({ playbook: 'site.yml' }).success).toBe(false);
    expect(ansibleExecutorConfigSchema.safeParse({ playbook: '/srv/site.sh' }).success).toBe(false);
    expect(ansibleExecutorConfigSchema.parse({ playbook: '/srv/site.yaml' })).toEqual({
      playbook: '/srv/site.yaml',
      inventory: 'localhost,',
      connection: 'local',
      timeoutSeconds: 1_800,
    });
  });
});
