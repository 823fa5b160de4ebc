// Discovery of a mocked AWS account through the API: instances, records, certificates and
// distributions become CIs related domain → distribution → instance; run twice it creates
// nothing twice; what vanished is retired, never deleted; what an admin set by hand stays.
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

const ec2 = mockClient(EC2Client);
const cloudFront = mockClient(CloudFrontClient);
const acm = mockClient(ACMClient);
const route53 = mockClient(Route53Client);

const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abcd1234-0000-4000-8000-000000000001';
const web: Instance = {
  InstanceId: 'i-0000000000000web1',
  State: { Name: 'running' },
  PublicDnsName: 'ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
  PublicIpAddress: '54.1.2.3',
  PlatformDetails: 'Linux/UNIX',
  Tags: [{ Key: 'Name', Value: 'web-1' }],
};
const api: Instance = {
  InstanceId: 'i-0000000000000api1',
  State: { Name: 'running' },
  PublicIpAddress: '54.9.9.9',
  Tags: [{ Key: 'Name', Value: 'api-1' }],
};

function account(instances: Instance[]) {
  ec2.reset();
  cloudFront.reset();
  acm.reset();
  route53.reset();
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: instances }] });
  cloudFront.on(ListDistributionsCommand).resolves({
    DistributionList: {
      Marker: '',
      MaxItems: 100,
      IsTruncated: false,
      Quantity: 1,
      Items: [
        {
          Id: 'E2SHOP',
          DomainName: 'd111.cloudfront.net',
          Status: 'Deployed',
          Aliases: { Quantity: 1, Items: ['shop.staging.example.com'] },
          Origins: { Quantity: 1, Items: [{ Id: 'web', DomainName: web.PublicDnsName! }] },
          ViewerCertificate: { ACMCertificateArn: certificateArn },
        } as never,
      ],
    },
  });
  acm.on(ListCertificatesCommand).resolves({
    CertificateSummaryList: [
      {
        CertificateArn: certificateArn,
        DomainName: 'shop.staging.example.com',
        Status: 'ISSUED',
        Type: 'AMAZON_ISSUED',
        NotAfter: new Date('2027-06-30T00:00:00Z'),
      },
    ],
  });
  route53.on(ListResourceRecordSetsCommand).resolves({
    IsTruncated: false,
    MaxItems: 300,
    ResourceRecordSets: [
      { Name: 'staging.example.com.', Type: 'SOA', ResourceRecords: [{ Value: 'ns' }] },
      {
        Name: 'shop.staging.example.com.',
        Type: 'A',
        AliasTarget: {
          HostedZoneId: 'Z2FDTNDATAQYW2',
          DNSName: 'd111.cloudfront.net.',
          EvaluateTargetHealth: false,
        },
      },
      { Name: 'api.staging.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '54.9.9.9' }] },
    ],
  });
}

let t: TestApp;
let admin: string;
let lead: string;

beforeAll(async () => {
  t = await startTestApp();
  [admin, lead] = await Promise.all([t.login('admin@opsdesk.local'), t.login('lead@opsdesk.local')]);
  const created = await t.api('POST', '/api/v1/connections', {
    token: admin,
    body: {
      name: 'aws-test',
      kind: 'aws',
      config: {
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: 'secret-example-key' },
        dns: { hostedZoneId: 'Z0STAGINGZONE', domainSuffix: 'staging.example.com' },
      },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});
afterAll(() => t.close());
beforeEach(() => account([web, api]));

const discover = (token = admin) =>
  t.api('POST', '/api/v1/cmdb/discovery', { token, body: { connection: 'aws-test' } });

async function ciNamed(classKey: string, name: string) {
  const list = await t.api('GET', `/api/v1/cis?class=${classKey}&q=${encodeURIComponent(name)}`, {
    token: lead,
  });
  const found = list.body.items.find((ci: any) => ci.name === name);
  expect(found, `${classKey} ${name}`).toBeDefined();
  return (await t.api('GET', `/api/v1/cis/${found.id}`, { token: lead })).body;
}

describe('discovery from AWS', () => {
  it('is for admins', async () => {
    expect((await discover(lead)).status).toBe(403);
    const unknown = await t.api('POST', '/api/v1/cmdb/discovery', {
      token: admin,
      body: { connection: 'sandbox' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('connection');
  });

  it('turns the account into CIs related domain → distribution → instance, and creates nothing twice', async () => {
    const first = await discover();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual([
      expect.objectContaining({
        connection: 'aws-test',
        discovered: 6,
        created: 6,
        retired: 0,
        problems: [],
      }),
    ]);

    const domain = await ciNamed('domain', 'shop.staging.example.com');
    expect(domain.source).toBe('discovery:aws-test');
    const up = await t.api('GET', `/api/v1/cis/${domain.id}/impact?direction=up`, { token: lead });
    const names = up.body.map((entry: any) => entry.ci.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'd111.cloudfront.net',
        'web-1 (i-0000000000000web1)',
        'shop.staging.example.com (abcd1234)',
      ]),
    );
    const instance = up.body.find((entry: any) => entry.ci.class === 'server');
    expect(instance.depth).toBe(2);

    const second = await discover();
    expect(second.body[0]).toMatchObject({ created: 0, updated: 0, unchanged: 6, retired: 0 });
    const servers = await t.api('GET', '/api/v1/cis?class=server&q=web-1', { token: lead });
    expect(servers.body.items).toHaveLength(1);
  });

  it('updates what changed (history says discovery), keeps what an admin set by hand, retires what vanished', async () => {
    const webCi = await ciNamed('server', 'web-1 (i-0000000000000web1)');
    const patched = await t.api('PATCH', `/api/v1/cis/${webCi.id}`, {
      token: admin,
      body: { attributes: { os: 'Amazon Linux 2023 (hardened)' } },
    });
    expect(patched.status).toBe(200);

    account([{ ...web, State: { Name: 'stopped' } }]);
    const third = await discover();
    expect(third.body[0]).toMatchObject({ created: 0, retired: 1 });

    const after = await ciNamed('server', 'web-1 (i-0000000000000web1)');
    expect(after.attributes).toMatchObject({ state: 'stopped', os: 'Amazon Linux 2023 (hardened)' });
    const history = await t.api('GET', `/api/v1/cis/${webCi.id}/history`, { token: lead });
    expect(history.body[0]).toMatchObject({
      via: 'discovery',
      change: 'updated',
      before: { attributes: { state: 'running' } },
      after: { attributes: { state: 'stopped' } },
    });

    const gone = await ciNamed('server', 'api-1 (i-0000000000000api1)');
    expect(gone.status).toBe('retired');
    const goneHistory = await t.api('GET', `/api/v1/cis/${gone.id}/history`, { token: lead });
    expect(goneHistory.body[0]).toMatchObject({ via: 'discovery', change: 'retired' });

    // Back again: the same CI comes back to life, not a second one.
    account([web, api]);
    const fourth = await discover();
    expect(fourth.body[0]).toMatchObject({ created: 0 });
    expect((await ciNamed('server', 'api-1 (i-0000000000000api1)')).status).toBe('active');
  });
});
