// Checks made before a recreate request is approved: the new name is free and the launch
// template the new environment will come from still exists.
import { DescribeInstancesCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import {
  type EnvironmentRecord,
  PermanentProviderError,
  type PreflightProblem,
  type ProviderContext,
} from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsConfig } from './config.js';
import { callAws } from './errors.js';
import { describeInstanceIfPresent, instanceSubject, instancesOf, launchTemplateOf } from './instances.js';
import type { RecreateParams } from './recreate.js';

const liveStates = ['pending', 'running', 'stopping', 'stopped'];

export async function recreateProblems(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ProviderContext & { environment: EnvironmentRecord },
  params: RecreateParams,
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const subject = instanceSubject(ctx.environment, config);
  const ec2 = clients.ec2(subject.region);
  if (params.newName === ctx.environment.name) {
    problems.push({ param: 'newName', message: 'The new name must differ from the current name.' });
  } else if (await nameTaken(config, clients, ctx, params.newName, subject.region)) {
    problems.push({
      param: 'newName',
      message: `${params.newName} is already the name of another staging environment.`,
    });
  }

  const launchTemplateId = launchTemplateOf(
    config,
    ctx.environment,
    await describeInstanceIfPresent(ec2, subject, ctx.signal),
  );
  if (!launchTemplateId) {
    problems.push({
      param: 'environment',
      message: `Opsdesk does not know which launch template ${ctx.environment.name} was created from.`,
    });
  } else if (!(await launchTemplateExists(clients, ctx, launchTemplateId, subject.region))) {
    problems.push({
      param: 'environment',
      message: `The launch template ${launchTemplateId} of ${ctx.environment.name} no longer exists in ${subject.region}.`,
    });
  }
  return problems;
}

async function nameTaken(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ProviderContext & { environment: EnvironmentRecord },
  name: string,
  region: string,
): Promise<boolean> {
  const known = await ctx.lookupEnvironment(name);
  if (known && known.state !== 'terminated') return true;
  const call = {
    operation: 'ec2:DescribeInstances',
    doing: `check whether the name ${name} is free`,
    subject: { kind: 'region', region } as const,
  };
  const output = await callAws(call, () =>
    clients.ec2(region).send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: `tag:${config.tags.environmentName}`, Values: [name] },
          { Name: 'instance-state-name', Values: liveStates },
        ],
      }),
      { abortSignal: ctx.signal },
    ),
  );
  return instancesOf(output).length > 0;
}

async function launchTemplateExists(
  clients: AwsClients,
  ctx: ProviderContext & { environment: EnvironmentRecord },
  launchTemplateId: string,
  region: string,
): Promise<boolean> {
  const call = {
    operation: 'ec2:DescribeLaunchTemplates',
    doing: `look up the launch template of ${ctx.environment.name}`,
    subject: { kind: 'launchTemplate', environment: ctx.environment.name, launchTemplateId, region } as const,
  };
  try {
    const output = await callAws(call, () =>
      clients
        .ec2(region)
        .send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [launchTemplateId] }), {
          abortSignal: ctx.signal,
        }),
    );
    return (output.LaunchTemplates ?? []).length > 0;
  } catch (error) {
    const code = error instanceof PermanentProviderError ? error.options.code : undefined;
    if (code === 'InvalidLaunchTemplateId.NotFound' || code === 'InvalidLaunchTemplateId.Malformed')
      return false;
    throw error;
  }
}
