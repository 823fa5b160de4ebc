// Waiting for an EC2 instance to reach a state, or to pass its status checks.
import { DescribeInstanceStatusCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { type ActionContext, PermanentProviderError } from '../types.js';
import { callAws } from './errors.js';
import { describeInstance, type InstanceSubject } from './instances.js';
import { type WaitSettings, waitUntil } from './wait.js';

const gone = new Set(['shutting-down', 'terminated']);

export function terminatedError(subject: InstanceSubject, doing: string): PermanentProviderError {
  return new PermanentProviderError(
    `The staging server ${subject.environment} (${subject.instanceId}) in ${subject.region} has been terminated, so Opsdesk cannot ${doing}; ask for it to be recreated, or ask the infrastructure team to check the inventory.`,
    { code: 'InstanceTerminated' },
  );
}

export async function waitForInstanceState(
  ec2: EC2Client,
  subject: InstanceSubject,
  wanted: 'running' | 'stopped',
  ctx: ActionContext,
  settings: WaitSettings,
): Promise<Instance> {
  return waitUntil({
    ctx,
    settings,
    what: `${subject.environment} to be ${wanted}`,
    poll: async () => {
      const instance = await describeInstance(ec2, subject, ctx.signal);
      const state = instance.State?.Name ?? 'unknown';
      if (state === wanted) return { done: true, value: instance };
      if (gone.has(state)) throw terminatedError(subject, `wait for it to be ${wanted}`);
      return { done: false, progress: `instance ${state}` };
    },
  });
}

/** Running is not yet reachable: EC2's system and instance status checks must both pass. */
export async function waitForStatusChecks(
  ec2: EC2Client,
  subject: InstanceSubject,
  ctx: ActionContext,
  settings: WaitSettings,
): Promise<void> {
  const call = {
    operation: 'ec2:DescribeInstanceStatus',
    doing: `check whether ${subject.environment} is up`,
    subject,
  };
  await waitUntil({
    ctx,
    settings,
    what: `${subject.environment} to be running with its status checks passed`,
    poll: async () => {
      const output = await callAws(call, () =>
        ec2.send(
          new DescribeInstanceStatusCommand({ InstanceIds: [subject.instanceId], IncludeAllInstances: true }),
          {
            abortSignal: ctx.signal,
          },
        ),
      );
      const status = output.InstanceStatuses?.find(
        (candidate) => candidate.InstanceId === subject.instanceId,
      );
      const state = status?.InstanceState?.Name ?? 'unknown';
      if (gone.has(state)) throw terminatedError(subject, 'start it');
      if (state !== 'running') return { done: false, progress: `instance ${state}` };
      const passed = [status?.SystemStatus?.Status, status?.InstanceStatus?.Status].filter(
        (check) => check === 'ok',
      ).length;
      if (passed === 2) return { done: true, value: undefined };
      return { done: false, progress: `instance status checks ${passed}/2 passed` };
    },
  });
}
