// Test fixtures for the AWS provider: a context whose waits are instant, an environment, SDK errors.
import { EC2ServiceException, type Instance } from '@aws-sdk/client-ec2';
import type { ActionContext, EnvironmentRecord } from '../types.js';
import { type AwsConfig, awsConfigSchema } from './config.js';

export function testConfig(overrides: Record<string, unknown> = {}): AwsConfig {
  return awsConfigSchema.parse({
    region: 'eu-west-1',
    credentials: {
      accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
    },
    dns: { hostedZoneId: 'Z0STAGINGZONE', domainSuffix: 'staging.example.com' },
    ...overrides,
  });
}

export function environment(overrides: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    name: 'bugfix1x2',
    externalId: 'i-092c3d51056f510e9',
    state: 'stopped',
    requestOnly: true,
    region: 'eu-west-1',
    url: null,
    domains: [],
    databases: [],
    endDate: '2026-12-31',
    attributes: {},
    ...overrides,
  };
}

export interface TestContext extends ActionContext {
  logs: string[];
  sleeps: number[];
  abort(): void;
}

export function testContext(
  options: { environment?: EnvironmentRecord; runId?: string; inventory?: EnvironmentRecord[] } = {},
): TestContext {
  const controller = new AbortController();
  const logs: string[] = [];
  const sleeps: number[] = [];
  const inventory = options.inventory ?? [];
  return {
    signal: controller.signal,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    lookupEnvironment: async (name) => inventory.find((record) => record.name === name) ?? null,
    runId: options.runId ?? 'run-42',
    attempt: 1,
    environment: options.environment ?? environment(),
    log: (line) => logs.push(line),
    logs,
    sleeps,
    abort: () => controller.abort(),
  };
}

/** An error shaped like the SDK's: name is the AWS error code. */
export function awsError(
  code: string,
  httpStatusCode = 400,
  message = `${code} from AWS`,
): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1234' },
  });
}

export function instance(id: string, state: string, overrides: Partial<Instance> = {}): Instance {
  return { InstanceId: id, State: { Name: state as NonNullable<Instance['State']>['Name'] }, ...overrides };
}

export function reservations(...instances: Instance[]) {
  return { Reservations: instances.length > 0 ? [{ Instances: instances }] : [] };
}
