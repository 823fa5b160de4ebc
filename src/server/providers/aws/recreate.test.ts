import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../types.js';
import { awsProviderFactory } from './index.js';
import { awsError, environment, instance, reservations, testConfig, testContext } from './testing.js';

const ec2 = mockClient(EC2Client);
const oldId = 'i-092c3d51056f510e9';
const newId = 'i-0fedcba9876543210';
const params = { newName: 'bugfix1x3', endDate: '2027-01-31' };
const clientTokenFilter = { Filters: [{ Name: 'client-token', Values: ['opsdesk-run-42'] }] };
const nameFilter = {
  Filters: [
    { Name: 'tag:Name', Values: ['bugfix1x3'] },
    { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
  ],
};
const templateTags = [
  { Key: 'Name', Value: 'bugfix1x2' },
  { Key: 'opsdesk:staging', Value: 'true' },
  { Key: 'aws:ec2launchtemplate:id', Value: 'lt-0abc1234def567890' },
  { Key: 'aws:ec2launchtemplate:version', Value: '3' },
];
const newTags = [
  { Key: 'Name', Value: 'bugfix1x3' },
  { Key: 'opsdesk:staging', Value: 'true' },
  { Key: 'opsdesk:end-date', Value: '2027-01-31' },
  { Key: 'opsdesk:request-only', Value: 'true' },
  { Key: 'aws:ec2launchtemplate:id', Value: 'lt-0abc1234def567890' },
  { Key: 'aws:ec2launchtemplate:version', Value: '7' },
];

function recreate(overrides: Record<string, unknown> = {}) {
  return awsProviderFactory.create(testConfig(overrides)).actions['environment.recreate']!;
}

function oldInstanceIs(state: string | 'gone') {
  const on = ec2.on(DescribeInstancesCommand, { InstanceIds: [oldId] });
  if (state === 'gone') on.rejects(awsError('InvalidInstanceID.NotFound'));
  else on.resolves(reservations(instance(oldId, state, { Tags: templateTags })));
}

function newInstanceGoes(...states: string[]) {
  let on = ec2.on(DescribeInstancesCommand, { InstanceIds: [newId] });
  for (const state of states.slice(0, -1))
    on = on.resolvesOnce(reservations(instance(newId, state, { Tags: newTags })));
  on.resolves(
    reservations(
      instance(newId, states.at(-1)!, {
        Tags: newTags,
        PublicDnsName: 'ec2-54-9-9-9.eu-west-1.compute.amazonaws.com',
      }),
    ),
  );
}

beforeEach(() => {
  ec2.reset();
});

describe('environment.recreate', () => {
  it('launches the newest template version under the new name, waits for it, then terminates the old one', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).resolves({ Instances: [instance(newId, 'pending')] });
    newInstanceGoes('pending', 'running');
    ec2.on(TerminateInstancesCommand).resolves({
      TerminatingInstances: [
        { InstanceId: oldId, PreviousState: { Name: 'running' }, CurrentState: { Name: 'shutting-down' } },
      ],
    });
    const ctx = testContext({ environment: environment({ state: 'running' }) });

    const result = await recreate().run(ctx, params as never);

    const runInput = ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
    expect(runInput).toEqual({
      LaunchTemplate: { LaunchTemplateId: 'lt-0abc1234def567890', Version: '$Latest' },
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'opsdesk-run-42',
      TagSpecifications: [
        { ResourceType: 'instance', Tags: newTags.slice(0, 4) },
        { ResourceType: 'volume', Tags: newTags.slice(0, 4) },
      ],
    });
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(TerminateInstancesCommand, { InstanceIds: [oldId] });
    // The old one is terminated only after the new one runs.
    const order = ec2.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf('TerminateInstancesCommand')).toBeGreaterThan(
      order.lastIndexOf('DescribeInstancesCommand'),
    );
    expect(ctx.logs).toEqual([
      'RunInstances accepted: i-0fedcba9876543210 is pending (launch template lt-0abc1234def567890, version $Latest)',
      'waiting for bugfix1x3 to be running (instance pending)',
      'bugfix1x3 (i-0fedcba9876543210) is running',
      'TerminateInstances accepted: running → shutting-down',
    ]);
    expect(result.summary).toBe(
      'bugfix1x3 replaces bugfix1x2: i-0fedcba9876543210 is running from launch template version 7, and i-092c3d51056f510e9 is being terminated.',
    );
    expect(result.outputs).toEqual({
      newName: 'bugfix1x3',
      instanceId: newId,
      oldInstanceId: oldId,
      url: 'http://ec2-54-9-9-9.eu-west-1.compute.amazonaws.com',
      state: 'running',
    });
    expect(result.inventory).toEqual([
      {
        op: 'upsert',
        environment: expect.objectContaining({
          name: 'bugfix1x3',
          externalId: newId,
          state: 'running',
          requestOnly: true,
          region: 'eu-west-1',
          endDate: '2027-01-31',
          domains: [],
          attributes: expect.objectContaining({
            launchTemplateId: 'lt-0abc1234def567890',
            launchTemplateVersion: '7',
          }),
        }),
      },
      { op: 'update', name: 'bugfix1x2', patch: { state: 'terminated', url: null } },
    ]);
  });

  it('after a crash, finds the instance this run already launched instead of launching a second one', async () => {
    oldInstanceIs('shutting-down');
    ec2
      .on(DescribeInstancesCommand, clientTokenFilter)
      .resolves(reservations(instance(newId, 'running', { Tags: newTags })));
    newInstanceGoes('running');
    const ctx = testContext();

    const result = await recreate().run(ctx, params as never);

    expect(ec2).not.toHaveReceivedCommand(RunInstancesCommand);
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
    expect(ctx.logs).toContain('i-092c3d51056f510e9 (bugfix1x2) is already terminated');
    expect(result.outputs.instanceId).toBe(newId);
  });

  it('finishes when the old instance has already disappeared from EC2', async () => {
    oldInstanceIs('gone');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations(instance(newId, 'running')));
    newInstanceGoes('running');

    const result = await recreate().run(
      testContext({ environment: environment({ attributes: { launchTemplateId: 'lt-0abc1234def567890' } }) }),
      params as never,
    );

    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
    expect(result.inventory?.[1]).toEqual({
      op: 'update',
      name: 'bugfix1x2',
      patch: { state: 'terminated', url: null },
    });
  });

  it('retries a throttled launch with the same client token, so EC2 creates one instance', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2
      .on(RunInstancesCommand)
      .rejectsOnce(awsError('RequestLimitExceeded'))
      .resolves({ Instances: [instance(newId, 'pending')] });
    newInstanceGoes('running');
    ec2.on(TerminateInstancesCommand).resolves({});

    const first = recreate().run(testContext(), params as never);
    await expect(first).rejects.toBeInstanceOf(TransientProviderError);
    await expect(first).rejects.toThrow(
      "AWS is throttling Opsdesk's requests while trying to launch bugfix1x3 from launch template lt-0abc1234def567890; Opsdesk retries automatically.",
    );
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);

    await recreate().run(testContext(), params as never);
    const tokens = ec2.commandCalls(RunInstancesCommand).map((call) => call.args[0].input.ClientToken);
    expect(tokens).toEqual(['opsdesk-run-42', 'opsdesk-run-42']);
    expect(ec2).toHaveReceivedCommandTimes(TerminateInstancesCommand, 1);
  });

  it('treats missing EC2 capacity as transient', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).rejects(awsError('InsufficientInstanceCapacity', 500));

    await expect(recreate().run(testContext(), params as never)).rejects.toBeInstanceOf(
      TransientProviderError,
    );
  });

  it('says which launch template is missing', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).rejects(awsError('InvalidLaunchTemplateId.NotFound'));

    await expect(recreate().run(testContext(), params as never)).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message:
        "The launch template lt-0abc1234def567890 used to create bugfix1x2 does not exist in eu-west-1; ask the infrastructure team to check the environment's launch template.",
    });
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
  });

  it('falls back to the configured launch template, and says so when there is none', async () => {
    oldInstanceIs('gone');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).resolves({ Instances: [instance(newId, 'pending')] });
    newInstanceGoes('running');

    await expect(recreate().run(testContext(), params as never)).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message:
        'Opsdesk does not know which launch template bugfix1x2 was created from (its instance has no aws:ec2launchtemplate:id tag); ask an admin to set a default launch template in the AWS provider settings.',
    });

    await recreate({ defaultLaunchTemplateId: 'lt-0def0000000000000' }).run(testContext(), params as never);
    expect(ec2).toHaveReceivedCommandWith(RunInstancesCommand, {
      LaunchTemplate: { LaunchTemplateId: 'lt-0def0000000000000', Version: '$Latest' },
    });
  });

  it('keeps the old environment when the new one never reaches running', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).resolves({ Instances: [instance(newId, 'pending')] });
    newInstanceGoes('pending');

    await expect(recreate().run(testContext(), params as never)).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message:
        'Opsdesk waited 15 minutes for bugfix1x3 to be running without success (last seen: instance pending); ask the infrastructure team to check it in the AWS console.',
    });
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
  });

  it('uses the configured tag names', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, clientTokenFilter).resolves(reservations());
    ec2.on(RunInstancesCommand).resolves({ Instances: [instance(newId, 'pending')] });
    newInstanceGoes('running');
    ec2.on(TerminateInstancesCommand).resolves({});
    const tags = {
      environmentName: 'Project',
      staging: 'multistaging',
      endDate: 'EndDate',
      requestOnly: 'RequestOnly',
    };

    await recreate({ tags }).run(
      testContext({ environment: environment({ requestOnly: false }) }),
      params as never,
    );

    expect(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input.TagSpecifications?.[0]?.Tags).toEqual([
      { Key: 'Project', Value: 'bugfix1x3' },
      { Key: 'multistaging', Value: 'true' },
      { Key: 'EndDate', Value: '2027-01-31' },
      { Key: 'RequestOnly', Value: 'false' },
      { Key: 'Name', Value: 'bugfix1x3' },
    ]);
  });
});

describe('environment.recreate preflight', () => {
  it('finds nothing wrong when the name is free and the launch template exists', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeInstancesCommand, nameFilter).resolves(reservations());
    ec2
      .on(DescribeLaunchTemplatesCommand)
      .resolves({ LaunchTemplates: [{ LaunchTemplateId: 'lt-0abc1234def567890' }] });

    expect(await recreate().preflight!(testContext(), params as never)).toEqual([]);
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, nameFilter);
  });

  it('reports a name in use, the same name, and a vanished launch template', async () => {
    oldInstanceIs('running');
    ec2
      .on(DescribeInstancesCommand, nameFilter)
      .resolves(reservations(instance('i-0aaaaaaaaaaaaaaaa', 'stopped')));
    ec2.on(DescribeLaunchTemplatesCommand).rejects(awsError('InvalidLaunchTemplateId.NotFound'));
    const ctx = testContext();

    expect(await recreate().preflight!(ctx, params as never)).toEqual([
      { param: 'newName', message: 'bugfix1x3 is already the name of another staging environment.' },
      {
        param: 'environment',
        message: 'The launch template lt-0abc1234def567890 of bugfix1x2 no longer exists in eu-west-1.',
      },
    ]);
    expect(
      await recreate().preflight!(ctx, { newName: 'bugfix1x2', endDate: '2027-01-31' } as never),
    ).toContainEqual({
      param: 'newName',
      message: 'The new name must differ from the current name.',
    });
  });

  it('sees a name taken in the inventory without asking AWS', async () => {
    oldInstanceIs('running');
    ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [{}] });
    const ctx = testContext({ inventory: [environment({ name: 'bugfix1x3', state: 'stopped' })] });

    expect(await recreate().preflight!(ctx, params as never)).toEqual([
      { param: 'newName', message: 'bugfix1x3 is already the name of another staging environment.' },
    ]);
    expect(ec2).not.toHaveReceivedCommandWith(DescribeInstancesCommand, nameFilter);
  });
});
