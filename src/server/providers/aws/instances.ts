// How EC2 instances read as staging environments: tags, states, and the inventory record.
import { DescribeInstancesCommand, type EC2Client, type Instance, type Tag } from '@aws-sdk/client-ec2';
import { type EnvironmentRecord, type EnvironmentState, PermanentProviderError } from '../types.js';
import type { AwsConfig, AwsTagNames } from './config.js';
import { type AwsSubject, callAws, classifyAwsError } from './errors.js';

/** EC2 tags every instance launched from a launch template carries. */
export const launchTemplateIdTag = 'aws:ec2launchtemplate:id';
export const launchTemplateVersionTag = 'aws:ec2launchtemplate:version';

export type InstanceSubject = Extract<AwsSubject, { kind: 'instance' }>;

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

export function isTruthyTag(value: string | undefined): boolean {
  return value !== undefined && ['true', 'yes', '1'].includes(value.trim().toLowerCase());
}

/** shutting-down reads as terminated: it cannot be undone, unlike stopping. */
export function environmentState(ec2State: string | undefined): EnvironmentState {
  switch (ec2State) {
    case 'running':
      return 'running';
    case 'pending':
      return 'pending';
    case 'stopping':
      return 'stopping';
    case 'stopped':
      return 'stopped';
    default:
      return 'terminated';
  }
}

/** A YYYY-MM-DD date (or a full ISO timestamp, cut to its date); anything else is ignored. */
export function endDateFromTag(value: string | undefined): string | null {
  const match = value?.trim().match(/^(\d{4}-\d{2}-\d{2})(T.*)?$/);
  if (!match) return null;
  return Number.isNaN(Date.parse(match[1]!)) ? null : match[1]!;
}

export function instanceUrl(instance: Instance, tags: AwsTagNames): string | null {
  const tagged = tagValue(instance.Tags, tags.url)?.trim();
  if (tagged) return tagged;
  return instance.PublicDnsName ? `http://${instance.PublicDnsName}` : null;
}

export interface RecordExtras {
  region: string;
  /** Aliases of the environment's CloudFront distribution, when known. */
  domains?: string[];
}

export function toEnvironmentRecord(
  instance: Instance,
  tagNames: AwsTagNames,
  extras: RecordExtras,
): EnvironmentRecord {
  const instanceId = instance.InstanceId ?? 'unknown';
  const tags = instance.Tags ?? [];
  const distributionId = tagValue(tags, tagNames.distributionId)?.trim() || null;
  return {
    name: tagValue(tags, tagNames.environmentName)?.trim() || instanceId,
    externalId: instanceId,
    state: environmentState(instance.State?.Name),
    requestOnly: isTruthyTag(tagValue(tags, tagNames.requestOnly)),
    region: extras.region,
    url: instanceUrl(instance, tagNames),
    domains: extras.domains ?? [],
    databases: [],
    endDate: endDateFromTag(tagValue(tags, tagNames.endDate)),
    attributes: {
      launchTemplateId: tagValue(tags, launchTemplateIdTag) ?? null,
      launchTemplateVersion: tagValue(tags, launchTemplateVersionTag) ?? null,
      distributionId,
      instanceType: instance.InstanceType ?? null,
      launchTime: instance.LaunchTime?.toISOString() ?? null,
      tags: Object.fromEntries(tags.filter((tag) => tag.Key).map((tag) => [tag.Key!, tag.Value ?? ''])),
    },
  };
}

export function instancesOf(output: { Reservations?: { Instances?: Instance[] }[] }): Instance[] {
  return (output.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
}

/** The instance as EC2 sees it now. A missing instance is a permanent error naming it. */
export async function describeInstance(
  ec2: EC2Client,
  subject: InstanceSubject,
  signal: AbortSignal,
): Promise<Instance> {
  const call = {
    operation: 'ec2:DescribeInstances',
    doing: `look up the staging server ${subject.environment}`,
    subject,
  };
  const output = await callAws(call, () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [subject.instanceId] }), { abortSignal: signal }),
  );
  const instance = instancesOf(output).find((candidate) => candidate.InstanceId === subject.instanceId);
  if (instance) return instance;
  // EC2 answers an unknown id with an error, but an empty answer means the same.
  throw classifyAwsError({ name: 'InvalidInstanceID.NotFound', $metadata: {} }, call);
}

export function environmentRegion(environment: EnvironmentRecord, config: AwsConfig): string {
  return environment.region ?? config.region;
}

export function instanceSubject(environment: EnvironmentRecord, config: AwsConfig): InstanceSubject {
  return {
    kind: 'instance',
    environment: environment.name,
    instanceId: environment.externalId,
    region: environmentRegion(environment, config),
  };
}

/** The old instance may already be gone: an earlier attempt of this run terminated it. */
export async function describeInstanceIfPresent(
  ec2: EC2Client,
  subject: InstanceSubject,
  signal: AbortSignal,
): Promise<Instance | null> {
  try {
    return await describeInstance(ec2, subject, signal);
  } catch (error) {
    if (error instanceof PermanentProviderError && error.options.code === 'InvalidInstanceID.NotFound')
      return null;
    throw error;
  }
}

/** From the inventory, else from the tag EC2 puts on instances launched from a template, else the default. */
export function launchTemplateOf(
  config: AwsConfig,
  environment: EnvironmentRecord,
  oldInstance: Instance | null,
): string | undefined {
  const recorded = environment.attributes.launchTemplateId;
  return (
    (typeof recorded === 'string' && recorded) ||
    tagValue(oldInstance?.Tags, launchTemplateIdTag) ||
    config.defaultLaunchTemplateId
  );
}
