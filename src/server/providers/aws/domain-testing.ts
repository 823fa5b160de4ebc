// Shared answers of the mocked ACM, CloudFront, Route 53 and EC2 for the domain.create tests.
import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import {
  CloudFrontClient,
  type DistributionConfig,
  GetDistributionCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, GetChangeCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { awsProviderFactory } from './index.js';
import { environment, testConfig } from './testing.js';
export const acm = mockClient(ACMClient);
export const cloudFront = mockClient(CloudFrontClient);
export const route53 = mockClient(Route53Client);
export const ec2 = mockClient(EC2Client);

export const domain = 'shop.bugfix1x2.staging.example.com';
export const certArn = 'arn:aws:acm:us-east-1:123456789012:certificate/new-cert';
export const validation = {
  Name: '_a1b2.shop.bugfix1x2.staging.example.com.',
  Type: 'CNAME' as const,
  Value: '_c3d4.acm-validations.aws.',
};
export const baseConfig: DistributionConfig = {
  CallerReference: 'terraform-bugfix1x2',
  Comment: 'bugfix1x2',
  Enabled: true,
  IsIPV6Enabled: true,
  Origins: {
    Quantity: 1,
    Items: [{ Id: 'ec2', DomainName: 'ec2-54-1-2-3.eu-west-1.compute.amazonaws.com' }],
  },
  DefaultCacheBehavior: { TargetOriginId: 'ec2', ViewerProtocolPolicy: 'redirect-to-https' },
  Aliases: { Quantity: 0 },
  ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
};

export function distribution(
  config: DistributionConfig = baseConfig,
  status = 'Deployed',
  etag = 'E2ETAGONE',
) {
  return {
    ETag: etag,
    Distribution: {
      Id: 'E2DISTRIBUTION',
      DomainName: 'd111111abcdef8.cloudfront.net',
      Status: status,
      DistributionConfig: config,
    },
  } as never;
}

export function certificate(
  status: string,
  records: boolean,
  names = [domain],
  extra: Record<string, unknown> = {},
) {
  return {
    Certificate: {
      CertificateArn: certArn,
      DomainName: names[0],
      SubjectAlternativeNames: names,
      Status: status,
      DomainValidationOptions: names.map((name) => ({
        DomainName: name,
        ValidationStatus: status === 'ISSUED' ? 'SUCCESS' : 'PENDING_VALIDATION',
        ...(records
          ? { ResourceRecord: name === domain ? validation : { ...validation, Name: `_e5f6.${name}.` } }
          : {}),
      })),
      ...extra,
    },
  } as never;
}

export function createDomain(overrides: Record<string, unknown> = {}) {
  return awsProviderFactory.create(testConfig(overrides)).actions['domain.create']!;
}
export const withDistribution = environment({
  state: 'running',
  attributes: { distributionId: 'E2DISTRIBUTION' },
});

/** The happy path's answers: nothing exists yet. */
export function freshAccount() {
  cloudFront
    .on(GetDistributionCommand)
    .resolvesOnce(distribution())
    .resolves(distribution(baseConfig, 'Deployed', 'E2ETAGTWO'));
  acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] });
  acm.on(RequestCertificateCommand).resolves({ CertificateArn: certArn });
  acm
    .on(DescribeCertificateCommand)
    .resolvesOnce(certificate('PENDING_VALIDATION', false))
    .resolvesOnce(certificate('PENDING_VALIDATION', false))
    .resolvesOnce(certificate('PENDING_VALIDATION', true))
    .resolvesOnce(certificate('PENDING_VALIDATION', true))
    .resolves(certificate('ISSUED', true));
  route53
    .on(ChangeResourceRecordSetsCommand)
    .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
    .resolves({ ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: new Date() } });
  route53
    .on(GetChangeCommand)
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
  cloudFront.on(UpdateDistributionCommand).resolves({
    ETag: 'E2ETAGTWO',
    Distribution: { Id: 'E2DISTRIBUTION', DomainName: 'd111111abcdef8.cloudfront.net', Status: 'InProgress' },
  } as never);
}

export const aliasTarget = {
  HostedZoneId: 'Z2FDTNDATAQYW2',
  DNSName: 'd111111abcdef8.cloudfront.net',
  EvaluateTargetHealth: false,
};

export function resetMocks(): void {
  acm.reset();
  cloudFront.reset();
  route53.reset();
  ec2.reset();
}
