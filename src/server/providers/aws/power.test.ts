import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { awsProviderFactory } from './index.js';
import { awsError, environment, instance, reservations, testConfig, testContext } from './testing.js';

const ec2 = mockClient(EC2Client);
const id = 'i-092c3d51056f510e9';

function provider(overrides: Record<string, unknown> = {}) {
  return awsProviderFactory.create(testConfig(overrides));
}
function start() {
  return provider().actions['environment.start']!;
}
function stop() {
  return provider().actions['environment.stop']!;
}
function status(state: string, system = 'initializing', instanceCheck = 'initializing') {
  return {
    InstanceStatuses: [
      {
        InstanceId: id,
        InstanceState: { Name: state },
        SystemStatus: { Status: system },
        InstanceStatus: { Status: instanceCheck },
      },
    ],
  } as never;
}
const publicDns = { PublicDnsName: 'ec2-54-1-2-3.eu-west-1.compute.amazonaws.com' };

beforeEach(() => {
  ec2.reset();
});

describe('environment.start', () => {
  it('starts a stopped instance, waits for both status checks, and reports where it runs', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instance(id, 'stopped')))
      .resolves(reservations(instance(id, 'running', publicDns)));
    ec2.on(StartInstancesCommand).resolves({
      StartingInstances: [
        { InstanceId: id, PreviousState: { Name: 'stopped' }, CurrentState: { Name: 'pending' } },
      ],
    });
    ec2
      .on(DescribeInstanceStatusCommand)
      .resolvesOnce(status('pending', 'not-applicable', 'not-applicable'))
      .resolvesOnce(status('running', 'ok', 'initializing'))
      .resolves(status('running', 'ok', 'ok'));
    const ctx = testContext();

    const result = await start().run(ctx, {} as never);

    expect(ec2).toHaveReceivedCommandTimes(StartInstancesCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: [id] });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstanceStatusCommand, {
      InstanceIds: [id],
      IncludeAllInstances: true,
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstanceStatusCommand, 3);
    expect(ctx.sleeps).toEqual([15_000, 15_000]);
    expect(ctx.logs).toEqual([
      'StartInstances accepted: stopped → pending',
      'waiting for bugfix1x2 to be running with its status checks passed (instance pending)',
      'waiting for bugfix1x2 to be running with its status checks passed (instance status checks 1/2 passed)',
      'bugfix1x2 is running at http://ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
    ]);
    expect(result).toEqual({
      summary: 'bugfix1x2 is running at http://ec2-54-1-2-3.eu-west-1.compute.amazonaws.com.',
      outputs: {
        url: 'http://ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
        state: 'running',
        instanceId: id,
      },
      inventory: [
        {
          op: 'update',
          name: 'bugfix1x2',
          patch: { state: 'running', url: 'http://ec2-54-1-2-3.eu-west-1.compute.amazonaws.com' },
        },
      ],
    });
  });

  it("talks to EC2 in the environment's own region, and in the default region when it has none", async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'running')));
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'ok', 'ok'));

    await start().run(testContext({ environment: environment({ region: 'ap-southeast-1' }) }), {} as never);
    await start().run(testContext({ environment: environment({ region: null }) }), {} as never);

    const regions = await Promise.all(
      ec2.commandCalls(DescribeInstancesCommand).map((call) => (call.thisValue as EC2Client).config.region()),
    );
    expect(regions).toEqual(['ap-southeast-1', 'ap-southeast-1', 'eu-west-1', 'eu-west-1']);
  });

  it('does not start an instance that is already running, and still waits for it to be up', async () => {
    ec2.on(DescribeInstancesCommand).resolves(
      reservations(
        instance(id, 'running', {
          Tags: [{ Key: 'opsdesk:url', Value: 'https://bugfix1x2.staging.example.com' }],
        }),
      ),
    );
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'ok', 'ok'));
    const ctx = testContext();

    const result = await start().run(ctx, {} as never);

    expect(ec2).not.toHaveReceivedCommand(StartInstancesCommand);
    expect(ctx.logs[0]).toBe('i-092c3d51056f510e9 is already running; not starting it again');
    expect(result.outputs.url).toBe('https://bugfix1x2.staging.example.com');
  });

  it('waits for a stopping instance to stop before starting it', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instance(id, 'stopping')))
      .resolvesOnce(reservations(instance(id, 'stopping')))
      .resolvesOnce(reservations(instance(id, 'stopped')))
      .resolves(reservations(instance(id, 'running')));
    ec2.on(StartInstancesCommand).resolves({});
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'ok', 'ok'));
    const ctx = testContext();

    await start().run(ctx, {} as never);

    expect(ec2).toHaveReceivedCommandTimes(StartInstancesCommand, 1);
    expect(ctx.logs.slice(0, 3)).toEqual([
      'i-092c3d51056f510e9 is still stopping; waiting for it to stop before starting it',
      'waiting for bugfix1x2 to be stopped (instance stopping)',
      'StartInstances accepted: stopped → pending',
    ]);
  });

  it('turns throttling into a transient error, and the retried run succeeds', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejectsOnce(awsError('RequestLimitExceeded', 503))
      .resolvesOnce(reservations(instance(id, 'stopped')))
      .resolves(reservations(instance(id, 'running')));
    ec2.on(StartInstancesCommand).resolves({});
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'ok', 'ok'));

    const first = start().run(testContext(), {} as never);
    await expect(first).rejects.toBeInstanceOf(TransientProviderError);
    await expect(first).rejects.toThrow(
      "AWS is throttling Opsdesk's requests while trying to look up the staging server bugfix1x2; Opsdesk retries automatically.",
    );

    const second = await start().run(testContext(), {} as never);
    expect(second.outputs.state).toBe('running');
    expect(ec2).toHaveReceivedCommandTimes(StartInstancesCommand, 1);
  });

  it('refuses a terminated instance with a message a developer understands', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'terminated')));

    const run = start().run(testContext(), {} as never);

    await expect(run).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(run).rejects.toThrow(
      'The staging server bugfix1x2 (i-092c3d51056f510e9) in eu-west-1 has been terminated, so Opsdesk cannot start it; ask for it to be recreated, or ask the infrastructure team to check the inventory.',
    );
    expect(ec2).not.toHaveReceivedCommand(StartInstancesCommand);
  });

  it('says plainly when the instance no longer exists', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound'));

    await expect(start().run(testContext(), {} as never)).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message:
        'The staging server bugfix1x2 (i-092c3d51056f510e9) no longer exists in eu-west-1; ask the infrastructure team to check the inventory.',
    });
  });

  it('names the missing permission when StartInstances is denied', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'stopped')));
    ec2.on(StartInstancesCommand).rejects(awsError('UnauthorizedOperation', 403));

    await expect(start().run(testContext(), {} as never)).rejects.toThrow(
      "Opsdesk's AWS identity is not allowed to start the staging server bugfix1x2 (permission ec2:StartInstances is missing); ask the infrastructure team to add it to Opsdesk's IAM policy (see docs/providers.md).",
    );
  });

  it('gives up after the configured wait when the status checks never pass', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'running')));
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'ok', 'impaired'));
    const ctx = testContext();

    const run = start().run(ctx, {} as never);

    await expect(run).rejects.toBeInstanceOf(PermanentProviderError);
    await expect(run).rejects.toThrow(
      'Opsdesk waited 15 minutes for bugfix1x2 to be running with its status checks passed without success (last seen: instance status checks 1/2 passed); ask the infrastructure team to check it in the AWS console.',
    );
    // 900 s at one poll every 15 s: 60 pauses between 61 polls.
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstanceStatusCommand, 61);
    expect(ctx.sleeps).toHaveLength(60);
  });

  it('honours a shorter configured wait', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'running')));
    ec2.on(DescribeInstanceStatusCommand).resolves(status('pending'));
    const ctx = testContext();

    const action = provider({ wait: { maxWaitSeconds: 60, pollIntervalSeconds: 20 } }).actions[
      'environment.start'
    ]!;
    await expect(action.run(ctx, {} as never)).rejects.toThrow('Opsdesk waited 60 seconds for bugfix1x2');
    expect(ctx.sleeps).toEqual([20_000, 20_000, 20_000]);
  });

  it('stops waiting when the worker shuts down, as a transient error so the run resumes later', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'running')));
    ec2.on(DescribeInstanceStatusCommand).resolves(status('running', 'initializing', 'initializing'));
    const ctx = testContext();
    ctx.sleep = async () => ctx.abort();

    const run = start().run(ctx, {} as never);

    await expect(run).rejects.toBeInstanceOf(TransientProviderError);
    await expect(run).rejects.toThrow('The Opsdesk worker stopped while waiting for bugfix1x2');
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstanceStatusCommand, 1);
  });

  it('finds nothing wrong before approval when the instance exists, and a problem when it is gone', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instance(id, 'stopped')))
      .resolves(reservations());
    const ctx = testContext();

    expect(await start().preflight!(ctx, {} as never)).toEqual([]);
    expect(await start().preflight!(ctx, {} as never)).toEqual([
      { param: 'environment', message: 'bugfix1x2 no longer exists in eu-west-1.' },
    ]);
  });
});

describe('environment.stop', () => {
  it('stops a running instance and waits until it has stopped', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instance(id, 'running')))
      .resolvesOnce(reservations(instance(id, 'stopping')))
      .resolves(reservations(instance(id, 'stopped')));
    ec2.on(StopInstancesCommand).resolves({
      StoppingInstances: [
        { InstanceId: id, PreviousState: { Name: 'running' }, CurrentState: { Name: 'stopping' } },
      ],
    });
    const ctx = testContext({ environment: environment({ state: 'running' }) });

    const result = await stop().run(ctx, {} as never);

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(StopInstancesCommand, { InstanceIds: [id] });
    expect(ctx.logs).toEqual([
      'StopInstances accepted: running → stopping',
      'waiting for bugfix1x2 to be stopped (instance stopping)',
      'bugfix1x2 is stopped',
    ]);
    expect(result.inventory).toEqual([{ op: 'update', name: 'bugfix1x2', patch: { state: 'stopped' } }]);
  });

  it('does nothing to an instance that is already stopped', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance(id, 'stopped')));

    const result = await stop().run(testContext(), {} as never);

    expect(ec2).not.toHaveReceivedCommand(StopInstancesCommand);
    expect(result.outputs.state).toBe('stopped');
  });

  it('lets a starting instance reach running before stopping it', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instance(id, 'pending')))
      .resolvesOnce(reservations(instance(id, 'running')))
      .resolves(reservations(instance(id, 'stopped')));
    ec2.on(StopInstancesCommand).resolves({});

    await stop().run(testContext(), {} as never);

    expect(ec2).toHaveReceivedCommandTimes(StopInstancesCommand, 1);
  });
});
