import { describe, expect, it } from 'vitest';
import { awsConfigSchema } from './config.js';
import { nameCovers, stagingDomain } from './domain-names.js';
import { awsProviderFactory } from './index.js';
import { acmIdempotencyToken, ec2ClientToken } from './tokens.js';

describe('AWS provider configuration', () => {
  it('fills in the documented defaults from a region alone', () => {
    expect(awsConfigSchema.parse({ region: 'eu-west-1' })).toEqual({
      region: 'eu-west-1',
      tags: {
        environmentName: 'Name',
        staging: 'opsdesk:staging',
        requestOnly: 'opsdesk:request-only',
        endDate: 'opsdesk:end-date',
        distributionId: 'opsdesk:distribution-id',
        url: 'opsdesk:url',
      },
      wait: { maxWaitSeconds: 900, pollIntervalSeconds: 15 },
    });
  });

  it('keeps the defaults of tags that are not overridden', () => {
    const config = awsConfigSchema.parse({ region: 'eu-west-1', tags: { staging: 'multistaging' } });
    expect(config.tags.staging).toBe('multistaging');
    expect(config.tags.environmentName).toBe('Name');
  });

  it('rejects settings that cannot work, naming the field', () => {
    const result = awsConfigSchema.safeParse({
      region: 'Ireland',
      roleArn: 'opsdesk-role',
      dns: {
        hostedZoneId: 'Z0STAGINGZONE',
        domainSuffix: 'staging.example.com',
        domainTemplate: '{environment}',
      },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'region',
      'roleArn',
      'dns.domainTemplate',
    ]);
  });

  it('marks the credentials as secret and offers the four AWS actions', () => {
    expect(awsProviderFactory.kind).toBe('aws');
    expect(awsProviderFactory.secretFields).toEqual(['credentials']);
    const provider = awsProviderFactory.create(
      awsConfigSchema.parse({
        region: 'eu-west-1',
        dns: { hostedZoneId: 'Z0STAGINGZONE', domainSuffix: 'staging.example.com' },
      }),
    );
    expect(Object.keys(provider.actions).sort()).toEqual([
      'domain.create',
      'environment.recreate',
      'environment.start',
      'environment.stop',
    ]);
  });

  it('validates action parameters with their own schemas', () => {
    const provider = awsProviderFactory.create(
      awsConfigSchema.parse({
        region: 'eu-west-1',
        dns: { hostedZoneId: 'Z0STAGINGZONE', domainSuffix: 'staging.example.com' },
      }),
    );
    const domain = provider.actions['domain.create']!.params;
    expect(domain.safeParse({ domain: 'shop-2' }).success).toBe(true);
    expect(domain.safeParse({ domain: '-shop' }).success).toBe(false);
    expect(domain.safeParse({ domain: 'shop.evil' }).success).toBe(false);
    const recreate = provider.actions['environment.recreate']!.params;
    expect(recreate.safeParse({ newName: 'bugfix1x3', endDate: '2027-01-31' }).success).toBe(true);
    expect(recreate.safeParse({ newName: 'bugfix1x3', endDate: '31/01/2027' }).success).toBe(false);
  });
});

describe('staging domains', () => {
  const dns = {
    hostedZoneId: 'Z0STAGINGZONE',
    domainSuffix: 'staging.example.com',
    domainTemplate: '{label}.{environment}',
    recordTtlSeconds: 300,
  };

  it('puts the label under the environment under the suffix, in lower case', () => {
    expect(stagingDomain(dns, 'Shop', 'bugfix1x2')).toBe('shop.bugfix1x2.staging.example.com');
    expect(stagingDomain({ ...dns, domainTemplate: '{label}-{environment}' }, 'shop', 'bugfix1x2')).toBe(
      'shop-bugfix1x2.staging.example.com',
    );
  });

  it('refuses what would not be a host name', () => {
    expect(stagingDomain(dns, 'shop', 'bugfix_1x2')).toBeNull();
    expect(
      stagingDomain({ ...dns, domainTemplate: '{label}-{environment}' }, 'a'.repeat(40), 'b'.repeat(30)),
    ).toBeNull();
  });

  it('knows which names a certificate covers', () => {
    expect(nameCovers('*.bugfix1x2.staging.example.com', 'shop.bugfix1x2.staging.example.com')).toBe(true);
    expect(nameCovers('*.bugfix1x2.staging.example.com', 'a.shop.bugfix1x2.staging.example.com')).toBe(false);
    expect(nameCovers('*.bugfix1x2.staging.example.com', 'bugfix1x2.staging.example.com')).toBe(false);
    expect(nameCovers('Shop.bugfix1x2.staging.example.com.', 'shop.bugfix1x2.staging.example.com')).toBe(
      true,
    );
  });
});

describe('idempotency tokens', () => {
  it('derives the EC2 client token from the run id, hashing ids that do not fit', () => {
    expect(ec2ClientToken('run-42')).toBe('opsdesk-run-42');
    const long = ec2ClientToken('r'.repeat(80));
    expect(long).toMatch(/^opsdesk-[0-9a-f]{56}$/);
    expect(ec2ClientToken('r'.repeat(80))).toBe(long);
  });

  it('gives ACM a 32-character token that changes with the run or the names, not their order', () => {
    const token = acmIdempotencyToken('run-42', ['a.example.com', 'b.example.com']);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(acmIdempotencyToken('run-42', ['b.example.com', 'a.example.com'])).toBe(token);
    expect(acmIdempotencyToken('run-43', ['a.example.com', 'b.example.com'])).not.toBe(token);
    expect(acmIdempotencyToken('run-42', ['a.example.com'])).not.toBe(token);
  });
});
