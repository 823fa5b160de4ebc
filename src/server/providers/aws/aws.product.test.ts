// The AWS provider inside the product (AWS stubbed with aws-sdk-client-mock): a connection with
// credentials kept secret, inventory discovery by the scheduled sync, a "Start Request Only
// Multistaging" request fulfilled with EC2, and access denied explained on the ticket.
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  EC2Client,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../../testing/tickets.js';
import { awsError, instance, reservations } from './testing.js';

const ec2 = mockClient(EC2Client);
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
const tags = (name: string) => [
  { Key: 'Name', Value: name },
  { Key: 'opsdesk:staging', Value: 'true' },
  { Key: 'opsdesk:request-only', Value: 'true' },
];
const fleet = [
  instance('i-0aaa1111bbbb2222c', 'stopped', { Tags: tags('aws-bugfix') }),
  instance('i-0ddd3333eeee4444f', 'stopped', { Tags: tags('aws-locked') }),
];

let t: TestApp;
let admin: string;
let dev: string;
let lead: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  [admin, dev, lead] = await Promise.all(
    ['admin', 'dev', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

it('discovers the staging instances, keeping the credentials secret', async () => {
  ec2.on(DescribeInstancesCommand).resolves(reservations(...fleet));
  const created = await t.api('POST', '/api/v1/connections', {
    token: admin,
    body: {
      name: 'aws-staging',
      kind: 'aws',
      config: {
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey },
        wait: { pollIntervalSeconds: 1, maxWaitSeconds: 20 },
      },
    },
  });
  expect(created.status).toBe(201);
  expect(created.body.secretsSet).toEqual(['credentials']);
  expect(JSON.stringify(created.body)).not.toContain(secretAccessKey);
  expect((await t.api('POST', '/api/v1/connections/aws-staging/sync', { token: admin })).status).toBe(202);
  await expect
    .poll(
      async () =>
        (await t.api('GET', '/api/v1/environments', { token: dev })).body
          .filter((e: any) => e.provider === 'aws-staging')
          .map((e: any) => e.name),
      {
        timeout: 15_000,
      },
    )
    .toEqual(['aws-bugfix', 'aws-locked']);
  const discovered = await t.api('GET', '/api/v1/environments/aws-bugfix', { token: dev });
  expect(discovered.body).toMatchObject({
    providerKind: 'aws',
    externalId: 'i-0aaa1111bbbb2222c',
    state: 'stopped',
    requestOnly: true,
    region: 'eu-west-1',
  });
});

it('starts a request-only instance on EC2 and reports where it runs', async () => {
  ec2.reset();
  // EC2 as it is: stopped until StartInstances is called, running after.
  let started = false;
  const running = instance('i-0aaa1111bbbb2222c', 'running', {
    Tags: tags('aws-bugfix'),
    PublicDnsName: 'ec2-54-1-2-3.eu-west-1.compute.amazonaws.com',
  });
  ec2.on(DescribeInstancesCommand).callsFake(() => reservations(started ? running : fleet[0]!));
  ec2.on(StartInstancesCommand).callsFake(() => {
    started = true;
    return {
      StartingInstances: [
        {
          InstanceId: 'i-0aaa1111bbbb2222c',
          PreviousState: { Name: 'stopped' },
          CurrentState: { Name: 'pending' },
        },
      ],
    };
  });
  ec2.on(DescribeInstanceStatusCommand).resolves({
    InstanceStatuses: [
      {
        InstanceId: 'i-0aaa1111bbbb2222c',
        InstanceState: { Name: 'running' },
        SystemStatus: { Status: 'ok' },
        InstanceStatus: { Status: 'ok' },
      },
    ],
  } as never);
  const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'start-request-only-staging', {
    environment: 'aws-bugfix',
  });
  const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer', 30_000);
  expect(ticket.comments.at(-1).body).toMatch(/^aws-bugfix is running: /);
  expect(ec2).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: ['i-0aaa1111bbbb2222c'] });
  expect((await t.api('GET', '/api/v1/environments/aws-bugfix', { token: dev })).body.state).toBe('running');
});

it('explains an access denied in plain words and hands the ticket to the team', async () => {
  ec2.reset();
  ec2.on(DescribeInstancesCommand).resolves(reservations(fleet[1]!));
  ec2
    .on(StartInstancesCommand)
    .rejects(awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));
  const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'start-request-only-staging', {
    environment: 'aws-locked',
  });
  const ticket = await waitForStatus(t, dev, key, 'need_further_support', 30_000);
  const message = ticket.comments.at(-1).body as string;
  expect(message).toMatch(/^The automation could not complete this request: /);
  expect(message).toContain('not allowed');
  expect(message).not.toContain(secretAccessKey);
  expect(ticket.runs).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
});
