import { DescribeCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { GetDistributionCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, GetChangeCommand } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../types.js';
import {
  acm,
  certArn,
  certificate,
  cloudFront,
  createDomain,
  distribution,
  domain,
  ec2,
  freshAccount,
  resetMocks,
  route53,
  validation,
  withDistribution,
} from './domain-testing.js';
import { awsProviderFactory } from './index.js';
import { awsError, environment, instance, reservations, testConfig, testContext } from './testing.js';

beforeEach(resetMocks);

describe('domain.create failures', () => {
  it('explains an environment without a distribution', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instance('i-092c3d51056f510e9', 'running')));

    await expect(createDomain().run(testContext(), { domain: 'shop' } as never)).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message:
        'bugfix1x2 has no CloudFront distribution recorded (tag opsdesk:distribution-id on its instance i-092c3d51056f510e9); ask the infrastructure team to create one and tag the instance with its id.',
    });
  });

  it.each([
    [
      'a vanished distribution',
      () => cloudFront.on(GetDistributionCommand).rejects(awsError('NoSuchDistribution', 404)),
      "The CloudFront distribution E2DISTRIBUTION recorded for bugfix1x2 does not exist; ask the infrastructure team to correct the distribution tag of the environment's instance.",
    ],
    [
      'a wrong hosted zone',
      () => route53.on(ChangeResourceRecordSetsCommand).rejects(awsError('NoSuchHostedZone', 404)),
      'The Route 53 hosted zone Z0STAGINGZONE configured for staging domains does not exist; ask an admin to correct the hosted zone id in the AWS provider settings.',
    ],
    [
      'a conflicting record',
      () => route53.on(ChangeResourceRecordSetsCommand).rejects(awsError('InvalidChangeBatch')),
      `Route 53 refused to change the DNS record ${validation.Name} in Route 53 hosted zone Z0STAGINGZONE, usually because it conflicts with a record that already exists; ask the infrastructure team to check the hosted zone.`,
    ],
    [
      'a denied certificate request',
      () => acm.on(RequestCertificateCommand).rejects(awsError('AccessDeniedException')),
      `Opsdesk's AWS identity is not allowed to request a TLS certificate for ${domain} (permission acm:RequestCertificate is missing); ask the infrastructure team to add it to Opsdesk's IAM policy (see docs/providers.md).`,
    ],
    [
      'the certificate quota',
      () => acm.on(RequestCertificateCommand).rejects(awsError('LimitExceededException')),
      `An AWS account limit was reached while trying to request a TLS certificate for ${domain} (LimitExceededException); ask the infrastructure team to raise the quota or remove unused resources.`,
    ],
    [
      'an alias held by another distribution',
      () => cloudFront.on(UpdateDistributionCommand).rejects(awsError('CNAMEAlreadyExists', 409)),
      'The domain is already used by another CloudFront distribution, so the CloudFront distribution E2DISTRIBUTION of bugfix1x2 cannot serve it; ask the infrastructure team which environment holds it.',
    ],
    [
      'a rejected distribution update',
      () => cloudFront.on(UpdateDistributionCommand).rejects(awsError('InvalidArgument')),
      `AWS rejected the request to add ${domain} to the CloudFront distribution of bugfix1x2 as invalid (InvalidArgument); ask the infrastructure team to check the settings of the CloudFront distribution E2DISTRIBUTION of bugfix1x2.`,
    ],
  ])('explains %s in plain words', async (_case, fail, message) => {
    freshAccount();
    fail();

    await expect(
      createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never),
    ).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message,
    });
  });

  it('retries when someone else changed the distribution in between (ETag mismatch)', async () => {
    freshAccount();
    cloudFront.on(UpdateDistributionCommand).rejects(awsError('PreconditionFailed', 412));

    await expect(
      createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never),
    ).rejects.toBeInstanceOf(TransientProviderError);
  });

  it('reports a certificate ACM refused to issue', async () => {
    freshAccount();
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce(certificate('PENDING_VALIDATION', true))
      .resolves(certificate('FAILED', true, [domain], { FailureReason: 'CAA_ERROR' }));

    await expect(
      createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never),
    ).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message: `ACM could not issue the TLS certificate for ${domain} (status FAILED, reason CAA_ERROR); ask the infrastructure team to check the certificate ${certArn} in ACM (us-east-1).`,
    });
    expect(cloudFront).not.toHaveReceivedCommand(UpdateDistributionCommand);
  });

  it('gives up when the DNS change never gets in sync', async () => {
    freshAccount();
    route53
      .on(GetChangeCommand)
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    const ctx = testContext({ environment: withDistribution });

    await expect(
      createDomain({ wait: { maxWaitSeconds: 300, pollIntervalSeconds: 30 } }).run(ctx, {
        domain: 'shop',
      } as never),
    ).rejects.toMatchObject({
      name: 'PermanentProviderError',
      message: `Opsdesk waited 5 minutes for the DNS record ${validation.Name} to be in sync without success (last seen: PENDING); ask the infrastructure team to check it in the AWS console.`,
    });
    expect(route53).toHaveReceivedCommandTimes(GetChangeCommand, 11);
  });

  it('is not offered when no hosted zone is configured', () => {
    const provider = awsProviderFactory.create(testConfig({ dns: undefined }));
    expect(provider.actions['domain.create']).toBeUndefined();
  });
});

describe('domain.create preflight', () => {
  it('accepts a label for an environment with a distribution', async () => {
    cloudFront.on(GetDistributionCommand).resolves(distribution());
    expect(
      await createDomain().preflight!(testContext({ environment: withDistribution }), {
        domain: 'shop',
      } as never),
    ).toEqual([]);
  });

  it('rejects a name that cannot become a host name, and a missing distribution', async () => {
    const odd = environment({ name: 'bugfix_1x2', attributes: { distributionId: 'E2DISTRIBUTION' } });
    expect(
      await createDomain().preflight!(testContext({ environment: odd }), { domain: 'shop' } as never),
    ).toEqual([
      {
        param: 'domain',
        message:
          'shop for bugfix_1x2 does not make a valid host name under staging.example.com; ask for a shorter label, or ask the infrastructure team to rename the environment.',
      },
    ]);

    cloudFront.on(GetDistributionCommand).rejects(awsError('NoSuchDistribution', 404));
    expect(
      await createDomain().preflight!(testContext({ environment: withDistribution }), {
        domain: 'shop',
      } as never),
    ).toEqual([
      {
        param: 'environment',
        message:
          "The CloudFront distribution E2DISTRIBUTION recorded for bugfix1x2 does not exist; ask the infrastructure team to correct the distribution tag of the environment's instance.",
      },
    ]);
  });
});
