import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransientProviderError } from '../types.js';
import { awsProviderFactory } from './index.js';
import { awsError, instance, testConfig, testContext } from './testing.js';

const ec2 = mockClient(EC2Client);
const cloudFront = mockClient(CloudFrontClient);

function discover(overrides: Record<string, unknown> = {}) {
  return awsProviderFactory.create(testConfig(overrides)).discover!(testContext());
}
function tags(values: Record<string, string>) {
  return Object.entries(values).map(([Key, Value]) => ({ Key, Value }));
}

beforeEach(() => {
  ec2.reset();
  cloudFront.reset();
});

describe('discover', () => {
  it('maps every tagged instance, over several pages, to an inventory record', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        NextToken: 'page-2',
        Reservations: [
          {
            Instances: [
              instance('i-0000000000000000a', 'stopped', {
                InstanceType: 't3a.xlarge',
                LaunchTime: new Date('2026-10-01T08:00:00Z'),
                Tags: tags({
                  Name: 'bugfix1x2',
                  'opsdesk:staging': 'true',
                  'opsdesk:request-only': 'True',
                  'opsdesk:end-date': '2026-12-31',
                  'opsdesk:distribution-id': 'E2DISTRIBUTION',
                  'aws:ec2launchtemplate:id': 'lt-0abc1234def567890',
                  'aws:ec2launchtemplate:version': '3',
                }),
              }),
            ],
          },
        ],
      })
      .resolves({
        Reservations: [
          {
            Instances: [
              instance('i-0000000000000000b', 'running', {
                PublicDnsName: 'ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
                Tags: tags({
                  Name: 'feature-search',
                  'opsdesk:staging': 'yes',
                  'opsdesk:end-date': 'next month',
                }),
              }),
              instance('i-0000000000000000c', 'stopping', {
                Tags: tags({ Name: 'hotfix', 'opsdesk:staging': 'true' }),
              }),
              instance('i-0000000000000000d', 'shutting-down', {
                Tags: tags({ Name: 'old', 'opsdesk:staging': 'true' }),
              }),
              instance('i-0000000000000000e', 'pending', {
                Tags: tags({ 'opsdesk:staging': '1', 'opsdesk:url': 'https://unnamed.staging.example.com' }),
              }),
              instance('i-0000000000000000f', 'running', {
                Tags: tags({ Name: 'production', 'opsdesk:staging': 'false' }),
              }),
            ],
          },
        ],
      });
    cloudFront.on(ListDistributionsCommand).resolves({
      DistributionList: {
        Items: [
          { Id: 'E2DISTRIBUTION', Aliases: { Quantity: 1, Items: ['shop.bugfix1x2.staging.example.com'] } },
        ],
      },
    } as never);

    const records = await discover();

    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [{ Name: 'tag-key', Values: ['opsdesk:staging'] }],
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
    expect(records).toEqual([
      {
        name: 'bugfix1x2',
        externalId: 'i-0000000000000000a',
        state: 'stopped',
        requestOnly: true,
        region: 'eu-west-1',
        url: null,
        domains: ['shop.bugfix1x2.staging.example.com'],
        databases: [],
        endDate: '2026-12-31',
        attributes: {
          launchTemplateId: 'lt-0abc1234def567890',
          launchTemplateVersion: '3',
          distributionId: 'E2DISTRIBUTION',
          instanceType: 't3a.xlarge',
          launchTime: '2026-10-01T08:00:00.000Z',
          tags: {
            Name: 'bugfix1x2',
            'opsdesk:staging': 'true',
            'opsdesk:request-only': 'True',
            'opsdesk:end-date': '2026-12-31',
            'opsdesk:distribution-id': 'E2DISTRIBUTION',
            'aws:ec2launchtemplate:id': 'lt-0abc1234def567890',
            'aws:ec2launchtemplate:version': '3',
          },
        },
      },
      expect.objectContaining({
        name: 'feature-search',
        state: 'running',
        requestOnly: false,
        url: 'http://ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
        endDate: null,
        domains: [],
      }),
      expect.objectContaining({ name: 'hotfix', state: 'stopping' }),
      expect.objectContaining({ name: 'old', state: 'terminated' }),
      expect.objectContaining({
        name: 'i-0000000000000000e',
        state: 'pending',
        url: 'https://unnamed.staging.example.com',
      }),
    ]);
  });

  it('reports terminated instances as terminated, and prefers the live one when a name was reused', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            instance('i-0000000000000000a', 'terminated', {
              Tags: tags({ Name: 'gone', 'opsdesk:staging': 'true' }),
            }),
            instance('i-0000000000000001a', 'terminated', {
              LaunchTime: new Date('2026-09-01T00:00:00Z'),
              Tags: tags({ Name: 'bugfix1x3', 'opsdesk:staging': 'true' }),
            }),
            instance('i-0000000000000001b', 'running', {
              LaunchTime: new Date('2026-08-01T00:00:00Z'),
              Tags: tags({ Name: 'bugfix1x3', 'opsdesk:staging': 'true' }),
            }),
          ],
        },
      ],
    });

    const records = await discover();

    expect(records.map((record) => [record.name, record.externalId, record.state])).toEqual([
      ['gone', 'i-0000000000000000a', 'terminated'],
      ['bugfix1x3', 'i-0000000000000001b', 'running'],
    ]);
    expect(cloudFront).not.toHaveReceivedCommand(ListDistributionsCommand);
  });

  it('searches every configured region and uses the configured staging tag', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      return {
        Reservations: [
          {
            Instances: [
              instance(`i-${region === 'eu-west-1' ? '1' : '2'}`, 'running', {
                Tags: tags({ Name: region, multistaging: 'true' }),
              }),
            ],
          },
        ],
      };
    });

    const records = await discover({
      discoveryRegions: ['eu-west-1', 'ap-southeast-1'],
      tags: { staging: 'multistaging' },
    });

    expect(records.map((record) => [record.name, record.region])).toEqual([
      ['eu-west-1', 'eu-west-1'],
      ['ap-southeast-1', 'ap-southeast-1'],
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [{ Name: 'tag-key', Values: ['multistaging'] }],
    });
  });

  it('lets the sync retry when EC2 throttles the listing', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('RequestLimitExceeded', 503));

    const sync = discover();

    await expect(sync).rejects.toBeInstanceOf(TransientProviderError);
    await expect(sync).rejects.toThrow(
      "AWS is throttling Opsdesk's requests while trying to list the staging servers in eu-west-1",
    );
  });
});
