// environment.start and environment.stop: act only when the instance is not already where it
// should be, then wait for it, so that running either again after a crash is harmless.
import { StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import {
  type ActionContext,
  type ActionDefinition,
  type ActionResult,
  type EnvironmentRecord,
  PermanentProviderError,
  type PreflightProblem,
  type ProviderContext,
} from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsConfig } from './config.js';
import { callAws } from './errors.js';
import { terminatedError, waitForInstanceState, waitForStatusChecks } from './instance-waits.js';
import { describeInstance, instanceSubject, instanceUrl } from './instances.js';

const noParams = z.object({});
type NoParams = z.infer<typeof noParams>;

export function startAction(config: AwsConfig, clients: AwsClients): ActionDefinition<NoParams> {
  return {
    name: 'environment.start',
    title: 'Start a staging environment',
    description: 'Starts the EC2 instance and waits until it is running and passes its status checks.',
    params: noParams,
    preflight: (ctx) => instanceProblems(config, clients, ctx),
    run: (ctx) => startEnvironment(config, clients, ctx),
  };
}

export function stopAction(config: AwsConfig, clients: AwsClients): ActionDefinition<NoParams> {
  return {
    name: 'environment.stop',
    title: 'Stop a staging environment',
    description: 'Stops the EC2 instance and waits until it is stopped.',
    params: noParams,
    preflight: (ctx) => instanceProblems(config, clients, ctx),
    run: (ctx) => stopEnvironment(config, clients, ctx),
  };
}

async function startEnvironment(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ActionContext,
): Promise<ActionResult> {
  const subject = instanceSubject(ctx.environment, config);
  const ec2 = clients.ec2(subject.region);
  let state = (await describeInstance(ec2, subject, ctx.signal)).State?.Name ?? 'unknown';
  if (state === 'shutting-down' || state === 'terminated') throw terminatedError(subject, 'start it');
  if (state === 'stopping') {
    ctx.log(`${subject.instanceId} is still stopping; waiting for it to stop before starting it`);
    await waitForInstanceState(ec2, subject, 'stopped', ctx, config.wait);
    state = 'stopped';
  }
  if (state === 'stopped') {
    const call = {
      operation: 'ec2:StartInstances',
      doing: `start the staging server ${subject.environment}`,
      subject,
    };
    const output = await callAws(call, () =>
      ec2.send(new StartInstancesCommand({ InstanceIds: [subject.instanceId] }), { abortSignal: ctx.signal }),
    );
    const change = output.StartingInstances?.find((item) => item.InstanceId === subject.instanceId);
    ctx.log(
      `StartInstances accepted: ${change?.PreviousState?.Name ?? state} → ${change?.CurrentState?.Name ?? 'pending'}`,
    );
  } else {
    ctx.log(`${subject.instanceId} is already ${state}; not starting it again`);
  }
  await waitForStatusChecks(ec2, subject, ctx, config.wait);
  const url = instanceUrl(await describeInstance(ec2, subject, ctx.signal), config.tags);
  ctx.log(`${subject.environment} is running${url ? ` at ${url}` : ''}`);
  return {
    summary: `${subject.environment} is running${url ? ` at ${url}` : ''}.`,
    outputs: { url, state: 'running', instanceId: subject.instanceId },
    inventory: [{ op: 'update', name: ctx.environment.name, patch: { state: 'running', url } }],
  };
}

async function stopEnvironment(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ActionContext,
): Promise<ActionResult> {
  const subject = instanceSubject(ctx.environment, config);
  const ec2 = clients.ec2(subject.region);
  let state = (await describeInstance(ec2, subject, ctx.signal)).State?.Name ?? 'unknown';
  if (state === 'shutting-down' || state === 'terminated') throw terminatedError(subject, 'stop it');
  if (state === 'pending') {
    // EC2 refuses to stop an instance that is still starting.
    ctx.log(`${subject.instanceId} is still starting; waiting for it to run before stopping it`);
    await waitForInstanceState(ec2, subject, 'running', ctx, config.wait);
    state = 'running';
  }
  if (state === 'running') {
    const call = {
      operation: 'ec2:StopInstances',
      doing: `stop the staging server ${subject.environment}`,
      subject,
    };
    const output = await callAws(call, () =>
      ec2.send(new StopInstancesCommand({ InstanceIds: [subject.instanceId] }), { abortSignal: ctx.signal }),
    );
    const change = output.StoppingInstances?.find((item) => item.InstanceId === subject.instanceId);
    ctx.log(
      `StopInstances accepted: ${change?.PreviousState?.Name ?? state} → ${change?.CurrentState?.Name ?? 'stopping'}`,
    );
  } else {
    ctx.log(`${subject.instanceId} is already ${state}; not stopping it again`);
  }
  await waitForInstanceState(ec2, subject, 'stopped', ctx, config.wait);
  ctx.log(`${subject.environment} is stopped`);
  return {
    summary: `${subject.environment} is stopped.`,
    outputs: { url: null, state: 'stopped', instanceId: subject.instanceId },
    inventory: [{ op: 'update', name: ctx.environment.name, patch: { state: 'stopped' } }],
  };
}

/** Before approval: the environment's instance must still exist. */
export async function instanceProblems(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ProviderContext & { environment: EnvironmentRecord },
): Promise<PreflightProblem[]> {
  const subject = instanceSubject(ctx.environment, config);
  try {
    const instance = await describeInstance(clients.ec2(subject.region), subject, ctx.signal);
    const state = instance.State?.Name;
    if (state === 'shutting-down' || state === 'terminated') {
      return [{ param: 'environment', message: `${subject.environment} has been terminated.` }];
    }
    return [];
  } catch (error) {
    const code = error instanceof PermanentProviderError ? error.options.code : undefined;
    if (code === 'InvalidInstanceID.NotFound' || code === 'InvalidInstanceID.Malformed') {
      return [
        { param: 'environment', message: `${subject.environment} no longer exists in ${subject.region}.` },
      ];
    }
    throw error;
  }
}
