// ACM (us-east-1, as CloudFront requires): find or request a DNS-validated certificate for a
// set of names, write its validation records into Route 53, and wait until it is issued.
import {
  type ACMClient,
  type CertificateDetail,
  DescribeCertificateCommand,
  paginateListCertificates,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { type ActionContext, PermanentProviderError } from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsDnsConfig } from './config.js';
import { upsertRecordsAndWait } from './dns.js';
import { inZone, namesCover } from './domain-names.js';
import { type AwsCall, callAws } from './errors.js';
import { acmIdempotencyToken } from './tokens.js';
import { type WaitSettings, waitUntil } from './wait.js';

export interface CertificateNeed {
  /** The new domain: the certificate's main name. */
  domain: string;
  /** Every name the certificate must cover: the new domain and the distribution's other aliases. */
  names: string[];
}

export async function describeCertificate(
  acm: ACMClient,
  arn: string,
  domain: string,
  signal: AbortSignal,
): Promise<CertificateDetail> {
  const call = {
    operation: 'acm:DescribeCertificate',
    doing: `look up the TLS certificate for ${domain}`,
    subject: { kind: 'certificate', domain },
  } as const;
  const output = await callAws(call, () =>
    acm.send(new DescribeCertificateCommand({ CertificateArn: arn }), { abortSignal: signal }),
  );
  return output.Certificate ?? {};
}

export function certificateNames(detail: CertificateDetail): string[] {
  return [detail.DomainName, ...(detail.SubjectAlternativeNames ?? [])].filter((name): name is string =>
    Boolean(name),
  );
}

/** Returns the ARN of an issued certificate covering every needed name. */
export async function ensureCertificate(
  clients: AwsClients,
  dns: AwsDnsConfig,
  ctx: ActionContext,
  settings: WaitSettings,
  need: CertificateNeed,
): Promise<string> {
  const acm = clients.acm();
  const reusable = await findReusableCertificate(acm, need, ctx.signal);
  if (reusable) {
    ctx.log(`reusing certificate ${reusable.arn} (${reusable.status}) for ${need.names.join(', ')}`);
  }
  if (reusable?.status === 'ISSUED') return reusable.arn;
  const arn = reusable?.arn ?? (await requestCertificate(acm, need, ctx));

  const records = await waitForValidationRecords(acm, arn, need, ctx, settings);
  for (const outside of records.filter((record) => !inZone(dns, record.Name))) {
    ctx.log(
      `validation record ${outside.Name} is outside ${dns.domainSuffix}; relying on the record already in its own zone`,
    );
  }
  const recordSets: ResourceRecordSet[] = records
    .filter((record) => inZone(dns, record.Name))
    .map((record) => ({
      Name: record.Name,
      Type: 'CNAME',
      TTL: dns.recordTtlSeconds,
      ResourceRecords: [{ Value: record.Value }],
    }));
  if (recordSets.length > 0) {
    await upsertRecordsAndWait(
      clients,
      dns,
      ctx,
      settings,
      recordSets,
      `Opsdesk: validate the certificate for ${need.domain}`,
    );
  }
  await waitForIssued(acm, arn, need, ctx, settings);
  return arn;
}

async function findReusableCertificate(
  acm: ACMClient,
  need: CertificateNeed,
  signal: AbortSignal,
): Promise<{ arn: string; status: string } | null> {
  const call: AwsCall = {
    operation: 'acm:ListCertificates',
    doing: `look for an existing certificate for ${need.domain}`,
    subject: { kind: 'certificate', domain: need.domain },
  };
  const candidates = await callAws(call, async () => {
    const found: string[] = [];
    const pages = paginateListCertificates(
      { client: acm },
      { CertificateStatuses: ['ISSUED', 'PENDING_VALIDATION'] },
      { abortSignal: signal },
    );
    for await (const page of pages) {
      for (const summary of page.CertificateSummaryList ?? []) {
        if (summary.CertificateArn && summary.DomainName?.toLowerCase() === need.domain)
          found.push(summary.CertificateArn);
      }
    }
    return found;
  });
  let pending: { arn: string; status: string } | null = null;
  for (const arn of candidates) {
    const detail = await describeCertificate(acm, arn, need.domain, signal);
    if (!namesCover(certificateNames(detail), need.names)) continue;
    if (detail.Status === 'ISSUED') return { arn, status: 'ISSUED' };
    if (detail.Status === 'PENDING_VALIDATION') pending ??= { arn, status: 'PENDING_VALIDATION' };
  }
  return pending;
}

async function requestCertificate(
  acm: ACMClient,
  need: CertificateNeed,
  ctx: ActionContext,
): Promise<string> {
  const call: AwsCall = {
    operation: 'acm:RequestCertificate',
    doing: `request a TLS certificate for ${need.domain}`,
    subject: { kind: 'certificate', domain: need.domain },
  };
  const output = await callAws(call, () =>
    acm.send(
      new RequestCertificateCommand({
        DomainName: need.domain,
        SubjectAlternativeNames: need.names,
        ValidationMethod: 'DNS',
        IdempotencyToken: acmIdempotencyToken(ctx.runId, need.names),
      }),
      { abortSignal: ctx.signal },
    ),
  );
  if (!output.CertificateArn) {
    throw new PermanentProviderError(
      `ACM accepted the certificate request for ${need.domain} but returned no certificate; ask the infrastructure team to check ACM in us-east-1.`,
    );
  }
  ctx.log(
    `RequestCertificate accepted: ${output.CertificateArn} for ${need.names.join(', ')} (DNS validation)`,
  );
  return output.CertificateArn;
}

/** ACM's DNS validation is always a CNAME. */
interface ValidationRecord {
  Name: string;
  Value: string;
}

/** ACM fills in the validation records a few seconds after the request. */
async function waitForValidationRecords(
  acm: ACMClient,
  arn: string,
  need: CertificateNeed,
  ctx: ActionContext,
  settings: WaitSettings,
): Promise<ValidationRecord[]> {
  return waitUntil({
    ctx,
    settings,
    what: `ACM to publish the validation records for ${need.domain}`,
    poll: async () => {
      const options =
        (await describeCertificate(acm, arn, need.domain, ctx.signal)).DomainValidationOptions ?? [];
      const byName = new Map<string, ValidationRecord>();
      for (const { ResourceRecord: record } of options) {
        // A wildcard and its base name share one record.
        if (record?.Name && record.Value) byName.set(record.Name, { Name: record.Name, Value: record.Value });
      }
      const ready = options.filter((option) => option.ResourceRecord?.Name).length;
      if (options.length === 0 || ready < options.length) {
        return { done: false, progress: `${ready} of ${Math.max(options.length, need.names.length)} ready` };
      }
      return { done: true, value: [...byName.values()] };
    },
  });
}

async function waitForIssued(
  acm: ACMClient,
  arn: string,
  need: CertificateNeed,
  ctx: ActionContext,
  settings: WaitSettings,
): Promise<void> {
  await waitUntil({
    ctx,
    settings,
    what: `the TLS certificate for ${need.domain} to be issued`,
    poll: async () => {
      const detail = await describeCertificate(acm, arn, need.domain, ctx.signal);
      if (detail.Status === 'ISSUED') return { done: true, value: undefined };
      if (detail.Status !== 'PENDING_VALIDATION') {
        throw new PermanentProviderError(
          `ACM could not issue the TLS certificate for ${need.domain} (status ${detail.Status ?? 'unknown'}${detail.FailureReason ? `, reason ${detail.FailureReason}` : ''}); ask the infrastructure team to check the certificate ${arn} in ACM (us-east-1).`,
          { code: 'CertificateNotIssued' },
        );
      }
      const options = detail.DomainValidationOptions ?? [];
      const validated = options.filter((option) => option.ValidationStatus === 'SUCCESS').length;
      return {
        done: false,
        progress: `pending validation, ${validated} of ${options.length} names validated`,
      };
    },
  });
}
