// CloudFront: read an environment's distribution, add an alias and certificate to it (with the
// ETag, so a concurrent change is never overwritten), and wait until it is deployed.
import {
  type CloudFrontClient,
  type DistributionConfig,
  GetDistributionCommand,
  UpdateDistributionCommand,
  type ViewerCertificate,
} from '@aws-sdk/client-cloudfront';
import type { ActionContext, ProviderContext } from '../types.js';
import { type AwsSubject, callAws } from './errors.js';
import { type WaitSettings, waitUntil } from './wait.js';

export type DistributionSubject = Extract<AwsSubject, { kind: 'distribution' }>;

export interface DistributionState {
  config: DistributionConfig;
  etag: string;
  /** e.g. d111111abcdef8.cloudfront.net: the target of alias records. */
  domainName: string;
  status: string;
}

export async function getDistribution(
  cloudFront: CloudFrontClient,
  subject: DistributionSubject,
  ctx: ProviderContext,
): Promise<DistributionState> {
  const call = {
    operation: 'cloudfront:GetDistribution',
    doing: `read the CloudFront distribution of ${subject.environment}`,
    subject,
  };
  const output = await callAws(call, () =>
    cloudFront.send(new GetDistributionCommand({ Id: subject.distributionId }), { abortSignal: ctx.signal }),
  );
  return {
    config: output.Distribution?.DistributionConfig ?? ({} as DistributionConfig),
    etag: output.ETag ?? '',
    domainName: output.Distribution?.DomainName ?? '',
    status: output.Distribution?.Status ?? 'unknown',
  };
}

export function aliasesOf(config: DistributionConfig): string[] {
  return (config.Aliases?.Items ?? []).map((alias) => alias.toLowerCase());
}

/** Keeps the protocol settings of an existing ACM certificate; a default certificate has none worth keeping. */
function viewerCertificateFor(
  current: ViewerCertificate | undefined,
  certificateArn: string,
): ViewerCertificate {
  const keep = current?.ACMCertificateArn ? current : undefined;
  return {
    CloudFrontDefaultCertificate: false,
    ACMCertificateArn: certificateArn,
    SSLSupportMethod: keep?.SSLSupportMethod ?? 'sni-only',
    MinimumProtocolVersion: keep?.MinimumProtocolVersion ?? 'TLSv1.2_2021',
  };
}

export async function addAliasAndCertificate(
  cloudFront: CloudFrontClient,
  subject: DistributionSubject,
  distribution: DistributionState,
  alias: string,
  certificateArn: string,
  ctx: ActionContext,
): Promise<DistributionState> {
  const current = distribution.config.Aliases?.Items ?? [];
  const aliases = aliasesOf(distribution.config).includes(alias) ? current : [...current, alias];
  const config: DistributionConfig = {
    ...distribution.config,
    Aliases: { Quantity: aliases.length, Items: aliases },
    ViewerCertificate: viewerCertificateFor(distribution.config.ViewerCertificate, certificateArn),
  };
  const call = {
    operation: 'cloudfront:UpdateDistribution',
    doing: `add ${alias} to the CloudFront distribution of ${subject.environment}`,
    subject,
  };
  const output = await callAws(call, () =>
    cloudFront.send(
      new UpdateDistributionCommand({
        Id: subject.distributionId,
        IfMatch: distribution.etag,
        DistributionConfig: config,
      }),
      { abortSignal: ctx.signal },
    ),
  );
  ctx.log(
    `UpdateDistribution accepted: ${subject.distributionId} now serves ${aliases.join(', ')} (${output.Distribution?.Status ?? 'InProgress'})`,
  );
  return {
    config,
    etag: output.ETag ?? '',
    domainName: output.Distribution?.DomainName ?? distribution.domainName,
    status: output.Distribution?.Status ?? 'InProgress',
  };
}

export async function waitForDeployed(
  cloudFront: CloudFrontClient,
  subject: DistributionSubject,
  ctx: ActionContext,
  settings: WaitSettings,
): Promise<void> {
  await waitUntil({
    ctx,
    settings,
    what: `the CloudFront distribution ${subject.distributionId} to be deployed`,
    poll: async () => {
      const { status } = await getDistribution(cloudFront, subject, ctx);
      return status === 'Deployed' ? { done: true, value: undefined } : { done: false, progress: status };
    },
  });
}
