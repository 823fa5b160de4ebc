// domain.create: <label>.<environment>.<suffix> served by the environment's CloudFront
// distribution with an ACM certificate and a Route 53 alias. Every step first looks at what is
// already there, so a run re-executed after a crash finishes the job without doing it twice.
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
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
import { certificateNames, describeCertificate, ensureCertificate } from './certificate.js';
import type { AwsClients } from './clients.js';
import { type AwsConfig, type AwsDnsConfig, dnsLabelSchema } from './config.js';
import {
  addAliasAndCertificate,
  aliasesOf,
  type DistributionState,
  type DistributionSubject,
  getDistribution,
  waitForDeployed,
} from './distribution.js';
import { cloudFrontHostedZoneId, upsertRecordsAndWait } from './dns.js';
import { namesCover, stagingDomain } from './domain-names.js';
import { describeInstance, instanceSubject, tagValue } from './instances.js';

export const domainParams = z.object({ domain: dnsLabelSchema });
export type DomainParams = z.infer<typeof domainParams>;

export function domainAction(
  config: AwsConfig,
  dns: AwsDnsConfig,
  clients: AwsClients,
): ActionDefinition<DomainParams> {
  return {
    name: 'domain.create',
    title: 'Create a staging domain',
    description: `Serves <label>.<environment>.${dns.domainSuffix} from the environment's CloudFront distribution, with an ACM certificate and a Route 53 alias record.`,
    params: domainParams,
    preflight: (ctx, params) => domainProblems(config, dns, clients, ctx, params),
    run: (ctx, params) => createDomain(config, dns, clients, ctx, params),
  };
}

async function createDomain(
  config: AwsConfig,
  dns: AwsDnsConfig,
  clients: AwsClients,
  ctx: ActionContext,
  params: DomainParams,
): Promise<ActionResult> {
  const domain = stagingDomain(dns, params.domain, ctx.environment.name);
  if (!domain) throw invalidDomain(dns, params.domain, ctx.environment.name);
  const distributionId = await distributionIdOf(config, clients, ctx.environment, ctx);
  if (!distributionId) throw noDistribution(config, ctx.environment);
  const subject: DistributionSubject = {
    kind: 'distribution',
    environment: ctx.environment.name,
    distributionId,
  };
  const cloudFront = clients.cloudFront();
  ctx.log(`setting up ${domain} on CloudFront distribution ${distributionId}`);

  let distribution = await getDistribution(cloudFront, subject, ctx);
  const certificateArn = await certificateFor(config, dns, clients, ctx, domain, distribution);
  const served = aliasesOf(distribution.config).includes(domain);
  if (served && distribution.config.ViewerCertificate?.ACMCertificateArn === certificateArn) {
    ctx.log(`${distributionId} already serves ${domain} with certificate ${certificateArn}`);
  } else {
    distribution = await addAliasAndCertificate(
      cloudFront,
      subject,
      distribution,
      domain,
      certificateArn,
      ctx,
    );
  }

  await upsertRecordsAndWait(
    clients,
    dns,
    ctx,
    config.wait,
    aliasRecords(domain, distribution),
    `Opsdesk: ${domain} for ${ctx.environment.name}`,
  );
  if (distribution.status !== 'Deployed') await waitForDeployed(cloudFront, subject, ctx, config.wait);

  const url = `https://${domain}`;
  ctx.log(`${domain} is live`);
  return {
    summary: `${url} now serves ${ctx.environment.name}.`,
    outputs: { domain, url, certificateArn, distributionId },
    inventory: [
      {
        op: 'update',
        name: ctx.environment.name,
        patch: {
          domains: [...new Set([...ctx.environment.domains, domain])],
          attributes: { ...ctx.environment.attributes, distributionId },
        },
      },
    ],
  };
}

/**
 * The distribution's own certificate when it already covers the domain (a wildcard, or a re-run);
 * otherwise one covering the domain and every alias the distribution already serves, since it
 * replaces the distribution's only certificate.
 */
async function certificateFor(
  config: AwsConfig,
  dns: AwsDnsConfig,
  clients: AwsClients,
  ctx: ActionContext,
  domain: string,
  distribution: DistributionState,
): Promise<string> {
  const currentArn = distribution.config.ViewerCertificate?.ACMCertificateArn;
  if (currentArn) {
    const current = await describeCertificate(clients.acm(), currentArn, domain, ctx.signal);
    if (current.Status === 'ISSUED' && namesCover(certificateNames(current), [domain])) {
      ctx.log(`the distribution's certificate ${currentArn} already covers ${domain}`);
      return currentArn;
    }
  }
  const others = aliasesOf(distribution.config).filter((alias) => alias !== domain);
  return ensureCertificate(clients, dns, ctx, config.wait, { domain, names: [domain, ...others] });
}

function aliasRecords(domain: string, distribution: DistributionState): ResourceRecordSet[] {
  const target = {
    HostedZoneId: cloudFrontHostedZoneId,
    DNSName: distribution.domainName,
    EvaluateTargetHealth: false,
  };
  const records: ResourceRecordSet[] = [{ Name: domain, Type: 'A', AliasTarget: target }];
  if (distribution.config.IsIPV6Enabled) records.push({ Name: domain, Type: 'AAAA', AliasTarget: target });
  return records;
}

/** From the inventory, else from the tag on the environment's instance. */
async function distributionIdOf(
  config: AwsConfig,
  clients: AwsClients,
  environment: EnvironmentRecord,
  ctx: ProviderContext,
): Promise<string | null> {
  const recorded = environment.attributes.distributionId;
  if (typeof recorded === 'string' && recorded) return recorded;
  const subject = instanceSubject(environment, config);
  const instance = await describeInstance(clients.ec2(subject.region), subject, ctx.signal);
  return tagValue(instance.Tags, config.tags.distributionId)?.trim() || null;
}

function invalidDomain(dns: AwsDnsConfig, label: string, environment: string): PermanentProviderError {
  return new PermanentProviderError(
    `${label} for ${environment} does not make a valid host name under ${dns.domainSuffix}; ask for a shorter label, or ask the infrastructure team to rename the environment.`,
    { code: 'InvalidDomain' },
  );
}

function noDistribution(config: AwsConfig, environment: EnvironmentRecord): PermanentProviderError {
  return new PermanentProviderError(
    `${environment.name} has no CloudFront distribution recorded (tag ${config.tags.distributionId} on its instance ${environment.externalId}); ask the infrastructure team to create one and tag the instance with its id.`,
    { code: 'NoDistribution' },
  );
}

async function domainProblems(
  config: AwsConfig,
  dns: AwsDnsConfig,
  clients: AwsClients,
  ctx: ProviderContext & { environment: EnvironmentRecord },
  params: DomainParams,
): Promise<PreflightProblem[]> {
  if (!stagingDomain(dns, params.domain, ctx.environment.name)) {
    return [{ param: 'domain', message: invalidDomain(dns, params.domain, ctx.environment.name).message }];
  }
  const distributionId = await distributionIdOf(config, clients, ctx.environment, ctx);
  if (!distributionId)
    return [{ param: 'environment', message: noDistribution(config, ctx.environment).message }];
  try {
    await getDistribution(
      clients.cloudFront(),
      { kind: 'distribution', environment: ctx.environment.name, distributionId },
      ctx,
    );
    return [];
  } catch (error) {
    if (error instanceof PermanentProviderError && error.options.code === 'NoSuchDistribution') {
      return [{ param: 'environment', message: error.message }];
    }
    throw error;
  }
}
