// CMDB discovery of an AWS account: EC2 instances (every configured region), Route 53 records
// (the staging hosted zone, or every zone), ACM certificates and CloudFront distributions, with
// the relations between them: a domain depends_on the distribution (or instance) it points to,
// a distribution depends_on its origin instance and its certificate.
import { type CertificateSummary, paginateListCertificates } from '@aws-sdk/client-acm';
import { type DistributionSummary, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import {
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { DiscoveredCi } from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsConfig } from './config.js';
import { callAws } from './errors.js';
import { environmentState, tagValue } from './instances.js';

const trimDot = (name: string) => name.replace(/\.$/, '').toLowerCase();
const recordTypes = new Set(['A', 'AAAA', 'CNAME']);

export async function discoverAccount(
  config: AwsConfig,
  clients: AwsClients,
  signal: AbortSignal,
): Promise<DiscoveredCi[]> {
  const instances = await listInstances(config, clients, signal);
  const [distributions, certificates, records] = await Promise.all([
    listDistributions(clients, signal),
    listCertificates(clients, signal),
    listRecords(config, clients, signal),
  ]);
  const out: DiscoveredCi[] = [];

  // An instance is known by its DNS names and addresses, so origins and records find it.
  const instanceBy = new Map<string, string>();
  for (const { instance, region } of instances) {
    const id = instance.InstanceId!;
    for (const key of [
      instance.PublicDnsName,
      instance.PrivateDnsName,
      instance.PublicIpAddress,
      instance.PrivateIpAddress,
    ])
      if (key) instanceBy.set(key.toLowerCase(), id);
    const name = tagValue(instance.Tags, config.tags.environmentName)?.trim();
    out.push({
      class: 'server',
      externalId: id,
      name: name ? `${name} (${id})` : id,
      attributes: defined({
        provider: 'aws',
        externalId: id,
        region,
        state: environmentState(instance.State?.Name),
        ip: instance.PublicIpAddress ?? instance.PrivateIpAddress,
        os: instance.PlatformDetails,
      }),
      relations: [],
    });
  }

  const certificateIds = new Set<string>();
  for (const certificate of certificates) {
    const arn = certificate.CertificateArn!;
    certificateIds.add(arn);
    out.push({
      class: 'certificate',
      externalId: arn,
      name: `${certificate.DomainName ?? 'certificate'} (${arn.split('/').at(-1)!.slice(0, 8)})`,
      attributes: defined({
        domain: certificate.DomainName,
        issuer: certificate.Type === 'IMPORTED' ? 'imported' : 'Amazon',
        expiresAt: certificate.NotAfter?.toISOString().slice(0, 10),
        arn,
        status: certificate.Status,
      }),
      relations: [],
    });
  }

  const distributionBy = new Map<string, string>();
  for (const distribution of distributions) {
    const id = `cloudfront:${distribution.Id}`;
    const domainName = trimDot(distribution.DomainName ?? distribution.Id!);
    distributionBy.set(domainName, id);
    for (const alias of distribution.Aliases?.Items ?? []) distributionBy.set(trimDot(alias), id);
    const origins = (distribution.Origins?.Items ?? []).map((origin) => trimDot(origin.DomainName ?? ''));
    const relations: DiscoveredCi['relations'] = [];
    for (const origin of origins) {
      const instance = instanceBy.get(origin);
      if (instance) relations.push({ type: 'depends_on', target: instance });
    }
    const certificate = distribution.ViewerCertificate?.ACMCertificateArn;
    if (certificate && certificateIds.has(certificate))
      relations.push({ type: 'depends_on', target: certificate });
    out.push({
      class: 'cdn_distribution',
      externalId: id,
      name: domainName,
      attributes: defined({
        domainName,
        origin: origins.join(', ') || undefined,
        status: distribution.Status,
      }),
      relations,
    });
  }

  // One domain CI per name; its A/AAAA/CNAME records (or alias) say what it depends on.
  const domains = new Map<string, DiscoveredCi>();
  for (const { record, zone } of records) {
    const name = trimDot(record.Name ?? '');
    if (!name || !recordTypes.has(record.Type ?? '')) continue;
    const targets = record.AliasTarget?.DNSName
      ? [trimDot(record.AliasTarget.DNSName)]
      : (record.ResourceRecords ?? []).map((value) => trimDot(value.Value ?? ''));
    let domain = domains.get(name);
    if (!domain) {
      domain = {
        class: 'domain',
        externalId: `route53:${name}`,
        name,
        attributes: { recordType: record.Type!, zone, target: targets.join(', ') },
        relations: [],
      };
      domains.set(name, domain);
      out.push(domain);
    } else if (!String(domain.attributes.recordType).split(', ').includes(record.Type!)) {
      domain.attributes.recordType = `${domain.attributes.recordType}, ${record.Type}`;
    }
    for (const target of targets) {
      const to = distributionBy.get(target) ?? instanceBy.get(target);
      if (to && !domain.relations.some((relation) => relation.target === to))
        domain.relations.push({ type: 'depends_on', target: to });
    }
  }
  return out;
}

function defined(values: Record<string, string | number | boolean | undefined | null>) {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null) out[key] = value;
  return out;
}

async function listInstances(config: AwsConfig, clients: AwsClients, signal: AbortSignal) {
  const found: { instance: Instance; region: string }[] = [];
  for (const region of config.discoveryRegions ?? [config.region]) {
    const call = {
      operation: 'ec2:DescribeInstances',
      doing: `list the instances in ${region}`,
      subject: { kind: 'region', region } as const,
    };
    await callAws(call, async () => {
      const pages = paginateDescribeInstances(
        { client: clients.ec2(region), pageSize: 500 },
        {},
        { abortSignal: signal },
      );
      for await (const page of pages)
        for (const reservation of page.Reservations ?? [])
          for (const instance of reservation.Instances ?? [])
            if (instance.InstanceId) found.push({ instance, region });
    });
  }
  return found;
}

async function listDistributions(clients: AwsClients, signal: AbortSignal) {
  const call = {
    operation: 'cloudfront:ListDistributions',
    doing: 'list the CloudFront distributions',
    subject: { kind: 'region', region: 'us-east-1' } as const,
  };
  return callAws(call, async () => {
    const found: DistributionSummary[] = [];
    const pages = paginateListDistributions({ client: clients.cloudFront() }, {}, { abortSignal: signal });
    for await (const page of pages)
      for (const item of page.DistributionList?.Items ?? []) if (item.Id) found.push(item);
    return found;
  });
}

async function listCertificates(clients: AwsClients, signal: AbortSignal) {
  const call = {
    operation: 'acm:ListCertificates',
    doing: 'list the ACM certificates',
    subject: { kind: 'region', region: 'us-east-1' } as const,
  };
  return callAws(call, async () => {
    const found: CertificateSummary[] = [];
    const pages = paginateListCertificates({ client: clients.acm() }, {}, { abortSignal: signal });
    for await (const page of pages)
      for (const item of page.CertificateSummaryList ?? []) if (item.CertificateArn) found.push(item);
    return found;
  });
}

async function listRecords(config: AwsConfig, clients: AwsClients, signal: AbortSignal) {
  const call = {
    operation: 'route53:ListResourceRecordSets',
    doing: 'list the DNS records',
    subject: { kind: 'region', region: 'us-east-1' } as const,
  };
  return callAws(call, async () => {
    const zones: { id: string; name: string }[] = [];
    if (config.dns) zones.push({ id: config.dns.hostedZoneId, name: config.dns.domainSuffix });
    else {
      const pages = paginateListHostedZones({ client: clients.route53() }, {}, { abortSignal: signal });
      for await (const page of pages)
        for (const zone of page.HostedZones ?? [])
          if (zone.Id)
            zones.push({ id: zone.Id.replace('/hostedzone/', ''), name: trimDot(zone.Name ?? '') });
    }
    const found: { record: ResourceRecordSet; zone: string }[] = [];
    for (const zone of zones) {
      let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type'] } = {};
      for (;;) {
        const page = await clients
          .route53()
          .send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, ...start }), {
            abortSignal: signal,
          });
        for (const record of page.ResourceRecordSets ?? []) found.push({ record, zone: zone.name });
        if (!page.IsTruncated || !page.NextRecordName) break;
        start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType };
      }
    }
    return found;
  });
}
