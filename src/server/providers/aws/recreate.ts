// environment.recreate: launch a new environment from the newest version of the old one's launch
// template, wait for it, then terminate the old one. The EC2 ClientToken comes from the run id,
// so a run re-executed after a crash finds the instance it launched instead of launching another.
import {
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
  RunInstancesCommand,
  type Tag,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import {
  type ActionContext,
  type ActionDefinition,
  type ActionResult,
  PermanentProviderError,
} from '../types.js';
import type { AwsClients } from './clients.js';
import { type AwsConfig, dnsLabelSchema } from './config.js';
import { callAws } from './errors.js';
import { waitForInstanceState } from './instance-waits.js';
import {
  describeInstanceIfPresent,
  environmentRegion,
  type InstanceSubject,
  instanceSubject,
  instancesOf,
  instanceUrl,
  launchTemplateIdTag,
  launchTemplateOf,
  launchTemplateVersionTag,
  tagValue,
  toEnvironmentRecord,
} from './instances.js';
import { recreateProblems } from './recreate-preflight.js';
import { ec2ClientToken } from './tokens.js';

export const recreateParams = z.object({
  newName: dnsLabelSchema,
  endDate: z.iso.date(),
});
export type RecreateParams = z.infer<typeof recreateParams>;

export function recreateAction(config: AwsConfig, clients: AwsClients): ActionDefinition<RecreateParams> {
  return {
    name: 'environment.recreate',
    title: 'Recreate a staging environment',
    description:
      "Launches a new instance from the newest version of the environment's launch template under the new name, waits until it runs, then terminates the old instance.",
    params: recreateParams,
    preflight: (ctx, params) => recreateProblems(config, clients, ctx, params),
    run: (ctx, params) => recreateEnvironment(config, clients, ctx, params),
  };
}

async function recreateEnvironment(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ActionContext,
  params: RecreateParams,
): Promise<ActionResult> {
  const oldSubject = instanceSubject(ctx.environment, config);
  const ec2 = clients.ec2(oldSubject.region);
  const oldInstance = await describeInstanceIfPresent(ec2, oldSubject, ctx.signal);
  const clientToken = ec2ClientToken(ctx.runId);

  const launched =
    (await findLaunchedInstance(ec2, oldSubject, clientToken, ctx.signal)) ??
    (await launchInstance(config, ec2, ctx, params, oldInstance, clientToken));
  const newSubject: InstanceSubject = {
    kind: 'instance',
    environment: params.newName,
    instanceId: launched.InstanceId ?? '',
    region: oldSubject.region,
  };
  const running = await waitForInstanceState(ec2, newSubject, 'running', ctx, config.wait);
  ctx.log(`${params.newName} (${newSubject.instanceId}) is running`);

  await terminateOld(ec2, oldSubject, oldInstance, ctx);

  const record = {
    ...toEnvironmentRecord(running, config.tags, { region: oldSubject.region }),
    name: params.newName,
    requestOnly: ctx.environment.requestOnly,
    endDate: params.endDate,
  };
  const version = tagValue(running.Tags, launchTemplateVersionTag);
  return {
    summary: `${params.newName} replaces ${ctx.environment.name}: ${newSubject.instanceId} is running${version ? ` from launch template version ${version}` : ''}, and ${oldSubject.instanceId} is being terminated.`,
    outputs: {
      newName: params.newName,
      instanceId: newSubject.instanceId,
      oldInstanceId: oldSubject.instanceId,
      url: instanceUrl(running, config.tags),
      state: 'running',
    },
    inventory: [
      { op: 'upsert', environment: record },
      { op: 'update', name: ctx.environment.name, patch: { state: 'terminated', url: null } },
    ],
  };
}

async function findLaunchedInstance(
  ec2: EC2Client,
  subject: InstanceSubject,
  clientToken: string,
  signal: AbortSignal,
): Promise<Instance | null> {
  const call = {
    operation: 'ec2:DescribeInstances',
    doing: `look for a server launched earlier by this request`,
    subject: { kind: 'region', region: subject.region } as const,
  };
  const output = await callAws(call, () =>
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: [clientToken] }] }), {
      abortSignal: signal,
    }),
  );
  return instancesOf(output)[0] ?? null;
}

async function launchInstance(
  config: AwsConfig,
  ec2: EC2Client,
  ctx: ActionContext,
  params: RecreateParams,
  oldInstance: Instance | null,
  clientToken: string,
): Promise<Instance> {
  const launchTemplateId = launchTemplateOf(config, ctx.environment, oldInstance);
  if (!launchTemplateId) throw unknownLaunchTemplate(ctx.environment.name);
  const call = {
    operation: 'ec2:RunInstances',
    doing: `launch ${params.newName} from launch template ${launchTemplateId}`,
    subject: {
      kind: 'launchTemplate',
      environment: ctx.environment.name,
      launchTemplateId,
      region: environmentRegion(ctx.environment, config),
    } as const,
  };
  const tags = newInstanceTags(config, params, ctx.environment.requestOnly);
  const output = await callAws(call, () =>
    ec2.send(
      new RunInstancesCommand({
        LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: '$Latest' },
        MinCount: 1,
        MaxCount: 1,
        ClientToken: clientToken,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
      }),
      { abortSignal: ctx.signal },
    ),
  );
  const instance = output.Instances?.[0];
  if (!instance?.InstanceId) {
    throw new PermanentProviderError(
      `EC2 accepted the launch of ${params.newName} but returned no instance; ask the infrastructure team to check launch template ${launchTemplateId}.`,
    );
  }
  ctx.log(
    `RunInstances accepted: ${instance.InstanceId} is ${instance.State?.Name ?? 'pending'} (launch template ${launchTemplateId}, version $Latest)`,
  );
  return instance;
}

function unknownLaunchTemplate(environment: string): PermanentProviderError {
  return new PermanentProviderError(
    `Opsdesk does not know which launch template ${environment} was created from (its instance has no ${launchTemplateIdTag} tag); ask an admin to set a default launch template in the AWS provider settings.`,
    { code: 'NoLaunchTemplate' },
  );
}

function newInstanceTags(config: AwsConfig, params: RecreateParams, requestOnly: boolean): Tag[] {
  const tags: Tag[] = [
    { Key: config.tags.environmentName, Value: params.newName },
    { Key: config.tags.staging, Value: 'true' },
    { Key: config.tags.endDate, Value: params.endDate },
    { Key: config.tags.requestOnly, Value: requestOnly ? 'true' : 'false' },
  ];
  if (config.tags.environmentName !== 'Name') tags.push({ Key: 'Name', Value: params.newName });
  return tags;
}

async function terminateOld(
  ec2: EC2Client,
  subject: InstanceSubject,
  oldInstance: Instance | null,
  ctx: ActionContext,
): Promise<void> {
  const state = oldInstance?.State?.Name;
  if (!oldInstance || state === 'shutting-down' || state === 'terminated') {
    ctx.log(`${subject.instanceId} (${subject.environment}) is already terminated`);
    return;
  }
  const call = {
    operation: 'ec2:TerminateInstances',
    doing: `terminate the old staging server ${subject.environment}`,
    subject,
  };
  try {
    const output = await callAws(call, () =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: [subject.instanceId] }), {
        abortSignal: ctx.signal,
      }),
    );
    const change = output.TerminatingInstances?.find((item) => item.InstanceId === subject.instanceId);
    ctx.log(
      `TerminateInstances accepted: ${change?.PreviousState?.Name ?? state} → ${change?.CurrentState?.Name ?? 'shutting-down'}`,
    );
  } catch (error) {
    if (!(error instanceof PermanentProviderError && error.options.code === 'InvalidInstanceID.NotFound'))
      throw error;
    ctx.log(`${subject.instanceId} (${subject.environment}) is already gone`);
  }
}
