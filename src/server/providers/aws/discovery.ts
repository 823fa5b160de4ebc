// Inventory sync: every instance carrying the staging tag, in every configured region.
import { type DistributionSummary, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { EnvironmentRecord, ProviderContext } from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsConfig } from './config.js';
import { callAws } from './errors.js';
import { isTruthyTag, tagValue, toEnvironmentRecord } from './instances.js';

export async function discoverEnvironments(
  config: AwsConfig,
  clients: AwsClients,
  ctx: ProviderContext,
): Promise<EnvironmentRecord[]> {
  const regions = config.discoveryRegions ?? [config.region];
  const found: { instance: Instance; region: string }[] = [];
  for (const region of regions) {
    for (const instance of await stagingInstances(config, clients, region, ctx.signal)) {
      found.push({ instance, region });
    }
  }
  const wantsDistributions = found.some(({ instance }) =>
    tagValue(instance.Tags, config.tags.distributionId),
  );
  const aliases = wantsDistributions
    ? await distributionAliases(clients, ctx.signal)
    : new Map<string, string[]>();
  const records = found.map(({ instance, region }) => {
    const distributionId = tagValue(instance.Tags, config.tags.distributionId)?.trim();
    return toEnvironmentRecord(instance, config.tags, {
      region,
      domains: distributionId ? (aliases.get(distributionId) ?? []) : [],
    });
  });
  return oneRecordPerName(records);
}

async function stagingInstances(
  config: AwsConfig,
  clients: AwsClients,
  region: string,
  signal: AbortSignal,
): Promise<Instance[]> {
  const call = {
    operation: 'ec2:DescribeInstances',
    doing: `list the staging servers in ${region}`,
    subject: { kind: 'region', region } as const,
  };
  return callAws(call, async () => {
    const instances: Instance[] = [];
    const pages = paginateDescribeInstances(
      { client: clients.ec2(region), pageSize: 500 },
      { Filters: [{ Name: 'tag-key', Values: [config.tags.staging] }] },
      { abortSignal: signal },
    );
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
    }
    // The filter finds the tag key; the marker counts only when its value says yes.
    return instances.filter((instance) => isTruthyTag(tagValue(instance.Tags, config.tags.staging)));
  });
}

/** Distribution id → its aliases: the environment's domains. */
async function distributionAliases(clients: AwsClients, signal: AbortSignal): Promise<Map<string, string[]>> {
  const call = {
    operation: 'cloudfront:ListDistributions',
    doing: 'list the CloudFront distributions of the staging environments',
    subject: { kind: 'region', region: 'us-east-1' } as const,
  };
  return callAws(call, async () => {
    const aliases = new Map<string, string[]>();
    const pages = paginateListDistributions({ client: clients.cloudFront() }, {}, { abortSignal: signal });
    for await (const page of pages) {
      for (const summary of page.DistributionList?.Items ?? ([] as DistributionSummary[])) {
        if (summary.Id) aliases.set(summary.Id, summary.Aliases?.Items ?? []);
      }
    }
    return aliases;
  });
}

/**
 * A recreated environment may share its name with the terminated instance it replaced, which
 * EC2 keeps listing for a while: the live one wins, then the newest.
 */
function oneRecordPerName(records: EnvironmentRecord[]): EnvironmentRecord[] {
  const byName = new Map<string, EnvironmentRecord>();
  for (const record of records) {
    const current = byName.get(record.name);
    if (!current || preferred(record, current)) byName.set(record.name, record);
  }
  return [...byName.values()];
}

function preferred(candidate: EnvironmentRecord, current: EnvironmentRecord): boolean {
  const candidateLive = candidate.state !== 'terminated';
  const currentLive = current.state !== 'terminated';
  if (candidateLive !== currentLive) return candidateLive;
  return String(candidate.attributes.launchTime ?? '') > String(current.attributes.launchTime ?? '');
}
