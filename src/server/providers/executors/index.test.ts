import { describe, expect, it } from 'vitest';
import { PermanentProviderError } from '../types.js';
import { externalExecutorKinds, externalExecutors, startExternalExecutor } from './index.js';
import { memoryState, startStagingInput, testContext } from './testing/context.js';

describe('external executor registry', () => {
  it('offers webhook, ansible and awx, each naming its secret settings', () => {
    expect(externalExecutorKinds.map((kind) => [kind, externalExecutors[kind].kind])).toEqual([
      ['webhook', 'webhook'],
      ['ansible', 'ansible'],
      ['awx', 'awx'],
    ]);
    expect(externalExecutors.webhook.secretFields).toEqual(['secret', 'previousSecrets']);
    expect(externalExecutors.ansible.secretFields).toEqual([]);
    expect(externalExecutors.awx.secretFields).toEqual(['token']);
  });

  it('refuses invalid settings before doing anything, saying which ones', async () => {
    const started = startExternalExecutor(
      'webhook',
      testContext(),
      startStagingInput,
      { url: 'ftp://example.com/hook', secret: 'short' },
      memoryState(),
    );
    await expect(started).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(started).rejects.toThrow(
      'The webhook executor settings of this request type are invalid: ✖ Invalid URL\n  → at url\n' +
        '✖ Too small: expected string to have >=16 characters\n  → at secret',
    );
  });

  it('fills in defaults from the schema', () => {
    expect(
      externalExecutors.awx.configSchema.parse({
        baseUrl: 'https://awx.example.com',
        token: 't',
        jobTemplateId: 7,
      }),
    ).toEqual({
      baseUrl: 'https://awx.example.com',
      token: 't',
      jobTemplateId: 7,
      pollIntervalSeconds: 5,
      timeoutSeconds: 3_600,
      requestTimeoutMs: 15_000,
    });
    expect(
      externalExecutors.webhook.configSchema.parse({
        url: 'https://hooks.example.com/itsm',
        secret: 'a'.repeat(32),
      }),
    ).toEqual({
      url: 'https://hooks.example.com/itsm',
      secret: 'a'.repeat(32),
      previousSecrets: [],
      timeoutMs: 10_000,
      callbackTimeoutSeconds: 3_600,
      maxDeliveryAttempts: 8,
    });
  });
});
