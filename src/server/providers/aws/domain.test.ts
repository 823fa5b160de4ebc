import {
  type ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import {
  type DistributionConfig,
  GetDistributionCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, GetChangeCommand } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../types.js';
import {
  acm,
  aliasTarget,
  baseConfig,
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
import { awsError, instance, reservations, testContext } from './testing.js';

beforeEach(resetMocks);

describe('domain.create', () => {
  it('issues a certificate, validates it through Route 53, adds the alias to CloudFront and points DNS at it', async () => {
    freshAccount();
    const ctx = testContext({ environment: withDistribution });

    const result = await createDomain().run(ctx, { domain: 'shop' } as never);

    const request = acm.commandCalls(RequestCertificateCommand)[0]!.args[0].input;
    expect(request).toEqual({
      DomainName: domain,
      SubjectAlternativeNames: [domain],
      ValidationMethod: 'DNS',
      IdempotencyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(await (acm.call(0).thisValue as ACMClient).config.region()).toBe('us-east-1');
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      {
        HostedZoneId: 'Z0STAGINGZONE',
        ChangeBatch: {
          Comment: `Opsdesk: validate the certificate for ${domain}`,
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: validation.Name,
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: validation.Value }],
              },
            },
          ],
        },
      },
      {
        HostedZoneId: 'Z0STAGINGZONE',
        ChangeBatch: {
          Comment: `Opsdesk: ${domain} for bugfix1x2`,
          Changes: [
            { Action: 'UPSERT', ResourceRecordSet: { Name: domain, Type: 'A', AliasTarget: aliasTarget } },
            { Action: 'UPSERT', ResourceRecordSet: { Name: domain, Type: 'AAAA', AliasTarget: aliasTarget } },
          ],
        },
      },
    ]);
    expect(route53).toHaveReceivedCommandWith(GetChangeCommand, { Id: '/change/C1' });
    expect(cloudFront.commandCalls(UpdateDistributionCommand)[0]!.args[0].input).toEqual({
      Id: 'E2DISTRIBUTION',
      IfMatch: 'E2ETAGONE',
      DistributionConfig: {
        ...baseConfig,
        Aliases: { Quantity: 1, Items: [domain] },
        ViewerCertificate: {
          CloudFrontDefaultCertificate: false,
          ACMCertificateArn: certArn,
          SSLSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      },
    });
    // CloudFront is asked to use the certificate only after ACM reported it issued (the fifth answer).
    const describes = acm.commandCalls(DescribeCertificateCommand);
    expect(describes).toHaveLength(5);
    expect(describes[4]!.calledBefore(cloudFront.commandCalls(UpdateDistributionCommand)[0]!)).toBe(true);
    expect(ctx.logs).toEqual([
      `setting up ${domain} on CloudFront distribution E2DISTRIBUTION`,
      `RequestCertificate accepted: ${certArn} for ${domain} (DNS validation)`,
      `waiting for ACM to publish the validation records for ${domain} (0 of 1 ready)`,
      `Route 53 accepted UPSERT CNAME ${validation.Name} (PENDING)`,
      `waiting for the TLS certificate for ${domain} to be issued (pending validation, 0 of 1 names validated)`,
      `UpdateDistribution accepted: E2DISTRIBUTION now serves ${domain} (InProgress)`,
      `Route 53 accepted UPSERT A ${domain}, AAAA ${domain} (PENDING)`,
      `${domain} is live`,
    ]);
    expect(result).toEqual({
      summary: `https://${domain} now serves bugfix1x2.`,
      outputs: {
        domain,
        url: `https://${domain}`,
        certificateArn: certArn,
        distributionId: 'E2DISTRIBUTION',
      },
      inventory: [
        {
          op: 'update',
          name: 'bugfix1x2',
          patch: { domains: [domain], attributes: { distributionId: 'E2DISTRIBUTION' } },
        },
      ],
    });
  });

  it('after a crash, reuses the certificate this run requested and the record it wrote', async () => {
    freshAccount();
    const firstCtx = testContext({ environment: withDistribution });
    cloudFront.on(UpdateDistributionCommand).rejectsOnce(awsError('ServiceUnavailable', 503));
    await expect(createDomain().run(firstCtx, { domain: 'shop' } as never)).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    expect(acm).toHaveReceivedCommandTimes(RequestCertificateCommand, 1);

    acm.reset();
    acm
      .on(ListCertificatesCommand)
      .resolves({ CertificateSummaryList: [{ CertificateArn: certArn, DomainName: domain }] });
    acm.on(DescribeCertificateCommand).resolves(certificate('ISSUED', true));
    cloudFront
      .on(UpdateDistributionCommand)
      .resolves({ ETag: 'E3', Distribution: { Status: 'Deployed' } } as never);
    const ctx = testContext({ environment: withDistribution });

    await createDomain().run(ctx, { domain: 'shop' } as never);

    expect(acm).not.toHaveReceivedCommand(RequestCertificateCommand);
    expect(ctx.logs).toContain(`reusing certificate ${certArn} (ISSUED) for ${domain}`);
    expect(cloudFront).toHaveReceivedCommandTimes(UpdateDistributionCommand, 2);
    // Every DNS write is an UPSERT: writing a record again replaces it, never duplicates it.
    const actions = route53
      .commandCalls(ChangeResourceRecordSetsCommand)
      .flatMap((call) => call.args[0].input.ChangeBatch?.Changes?.map((change) => change.Action));
    expect(new Set(actions)).toEqual(new Set(['UPSERT']));
  });

  it('does nothing but refresh the record when the distribution already serves the domain', async () => {
    const served: DistributionConfig = {
      ...baseConfig,
      Aliases: { Quantity: 1, Items: [domain] },
      ViewerCertificate: {
        ACMCertificateArn: certArn,
        SSLSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      },
    };
    cloudFront.on(GetDistributionCommand).resolves(distribution(served));
    acm.on(DescribeCertificateCommand).resolves(certificate('ISSUED', true));
    route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'INSYNC', SubmittedAt: new Date() } });
    const ctx = testContext({ environment: withDistribution });

    await createDomain().run(ctx, { domain: 'shop' } as never);

    expect(acm).not.toHaveReceivedCommand(RequestCertificateCommand);
    expect(acm).not.toHaveReceivedCommand(ListCertificatesCommand);
    expect(cloudFront).not.toHaveReceivedCommand(UpdateDistributionCommand);
    expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
    expect(ctx.logs).toContain(`E2DISTRIBUTION already serves ${domain} with certificate ${certArn}`);
  });

  it("uses the distribution's wildcard certificate when it already covers the new domain", async () => {
    const wildcardArn = 'arn:aws:acm:us-east-1:123456789012:certificate/wildcard';
    const withWildcard: DistributionConfig = {
      ...baseConfig,
      Aliases: { Quantity: 1, Items: ['api.bugfix1x2.staging.example.com'] },
      ViewerCertificate: {
        ACMCertificateArn: wildcardArn,
        SSLSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2019',
      },
    };
    cloudFront.on(GetDistributionCommand).resolves(distribution(withWildcard));
    acm
      .on(DescribeCertificateCommand)
      .resolves(certificate('ISSUED', true, ['*.bugfix1x2.staging.example.com']));
    cloudFront.on(UpdateDistributionCommand).resolves({ Distribution: { Status: 'Deployed' } } as never);
    route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'INSYNC', SubmittedAt: new Date() } });

    await createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never);

    expect(acm).not.toHaveReceivedCommand(RequestCertificateCommand);
    expect(
      cloudFront.commandCalls(UpdateDistributionCommand)[0]!.args[0].input.DistributionConfig,
    ).toMatchObject({
      Aliases: { Quantity: 2, Items: ['api.bugfix1x2.staging.example.com', domain] },
      ViewerCertificate: { ACMCertificateArn: wildcardArn, MinimumProtocolVersion: 'TLSv1.2_2019' },
    });
  });

  it("requests a certificate that keeps covering the distribution's other aliases", async () => {
    const api = 'api.bugfix1x2.staging.example.com';
    const apiOnly: DistributionConfig = {
      ...baseConfig,
      Aliases: { Quantity: 1, Items: [api] },
      ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/api-only' },
    };
    cloudFront.on(GetDistributionCommand).resolves(distribution(apiOnly));
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] });
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: certArn });
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce(certificate('ISSUED', true, [api]))
      .resolvesOnce(certificate('PENDING_VALIDATION', true, [domain, api]))
      .resolvesOnce(certificate('PENDING_VALIDATION', true, [domain, api]))
      .resolves(certificate('ISSUED', true, [domain, api]));
    route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    cloudFront.on(UpdateDistributionCommand).resolves({ Distribution: { Status: 'Deployed' } } as never);

    await createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never);

    expect(acm).toHaveReceivedCommandWith(RequestCertificateCommand, {
      DomainName: domain,
      SubjectAlternativeNames: [domain, api],
    });
    expect(
      route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input.ChangeBatch?.Changes,
    ).toHaveLength(2);
    expect(
      cloudFront.commandCalls(UpdateDistributionCommand)[0]!.args[0].input.DistributionConfig?.Aliases,
    ).toEqual({
      Quantity: 2,
      Items: [api, domain],
    });
  });

  it('keeps the same idempotency token when a throttled certificate request is retried', async () => {
    freshAccount();
    acm
      .on(RequestCertificateCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .resolves({ CertificateArn: certArn });

    const first = createDomain().run(testContext({ environment: withDistribution }), {
      domain: 'shop',
    } as never);
    await expect(first).rejects.toBeInstanceOf(TransientProviderError);
    await expect(first).rejects.toThrow(
      `AWS is throttling Opsdesk's requests while trying to request a TLS certificate for ${domain}; Opsdesk retries automatically.`,
    );
    await createDomain().run(testContext({ environment: withDistribution }), { domain: 'shop' } as never);
    await createDomain().run(testContext({ environment: withDistribution, runId: 'run-43' }), {
      domain: 'shop',
    } as never);

    const tokens = acm
      .commandCalls(RequestCertificateCommand)
      .map((call) => call.args[0].input.IdempotencyToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  it('finds the distribution id on the instance tag when the inventory lacks it', async () => {
    freshAccount();
    ec2.on(DescribeInstancesCommand).resolves(
      reservations(
        instance('i-092c3d51056f510e9', 'running', {
          Tags: [{ Key: 'opsdesk:distribution-id', Value: 'E2DISTRIBUTION' }],
        }),
      ),
    );

    const result = await createDomain().run(testContext(), { domain: 'shop' } as never);

    expect(cloudFront).toHaveReceivedCommandWith(GetDistributionCommand, { Id: 'E2DISTRIBUTION' });
    expect(result.outputs.distributionId).toBe('E2DISTRIBUTION');
  });
});
