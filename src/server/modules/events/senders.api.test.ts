// The other senders' own payloads through the HTTP API: AWS SNS (subscription handshake, CloudWatch
// ALARM and OK, signatures v1 and v2 checked against a test certificate through the trust setting,
// forgeries refused), PagerDuty Events v2 (202, dedup_key, trigger/acknowledge/resolve) and Grafana.
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { configureSnsTrust } from './index.js';
import { type SnsMessage, stringToSign } from './intake/sns.js';
import { amAlert, amMessage } from './payloads.testing.js';

let t: TestApp;
let admin: string;
let infra: string;
let privateKey: string;
const confirmed: string[] = [];
const certUrl = 'https://sns.ap-southeast-3.amazonaws.com/SimpleNotificationService-test.pem';
const topic = 'arn:aws:sns:ap-southeast-3:123456789012:opsdesk-alarms';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-sns-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=sns.amazonaws.com',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  privateKey = readFileSync(join(dir, 'key.pem'), 'utf8');
  const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
  configureSnsTrust({
    fetchCertificate: async (url) => {
      if (url !== certUrl) throw new Error(`no certificate at ${url}`);
      return certificate;
    },
    confirmSubscription: async (url) => {
      confirmed.push(url);
    },
  });
  t = await startTestApp();
  [admin, infra] = await Promise.all(['admin', 'infra'].map((name) => t.login(`${name}@opsdesk.local`)));
  const server = await t.api('POST', '/api/v1/cis', {
    token: infra,
    body: { class: 'server', name: 'web-jkt-01', externalIds: [{ source: 'aws', externalId: 'i-0f00d' }] },
  });
  expect(server.status).toBe(201);
});

afterAll(async () => {
  configureSnsTrust();
  await t?.close();
});

async function integration(kind: string) {
  const response = await t.api('POST', '/api/v1/integrations', {
    token: admin,
    body: { kind, name: `${kind} feed` },
  });
  expect(response.status).toBe(201);
  const url = new URL(response.body.url);
  return {
    id: response.body.id as string,
    path: url.pathname + url.search,
    key: url.searchParams.get('key')!,
  };
}

function signed(
  message: Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>,
  version: '1' | '2',
) {
  const full = {
    ...message,
    SignatureVersion: version,
    SigningCertURL: certUrl,
    Signature: '',
  } as SnsMessage;
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(stringToSign(full));
  return { ...full, Signature: signer.sign(privateKey, 'base64') };
}

function alarm(state: 'ALARM' | 'OK', messageId: string) {
  return signed(
    {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: topic,
      Subject: `${state}: "web-jkt-01 CPU" in Asia Pacific (Jakarta)`,
      Message: JSON.stringify({
        AlarmName: 'web-jkt-01 CPU',
        AlarmDescription: 'CPU above 90% severity=critical',
        AWSAccountId: '123456789012',
        NewStateValue: state,
        NewStateReason: 'Threshold Crossed: 1 datapoint [97.0] was greater than the threshold (90.0).',
        StateChangeTime: '2026-12-06T10:00:00.000+0000',
        Region: 'Asia Pacific (Jakarta)',
        AlarmArn: 'arn:aws:cloudwatch:ap-southeast-3:123456789012:alarm:web-jkt-01 CPU',
        OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
        Trigger: {
          MetricName: 'CPUUtilization',
          Namespace: 'AWS/EC2',
          Dimensions: [{ name: 'InstanceId', value: 'i-0f00d' }],
          Threshold: 90,
        },
      }),
      Timestamp: '2026-12-06T10:00:01.000Z',
      UnsubscribeURL: 'https://sns.ap-southeast-3.amazonaws.com/?Action=Unsubscribe',
    },
    '2',
  );
}

const sns = (path: string, body: unknown, type: string) =>
  t.api('POST', path, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
  });

describe('AWS SNS', () => {
  it('confirms a subscription only on the SNS host of the topic’s region', async () => {
    const feed = await integration('sns');
    const subscribe = (url: string) =>
      signed(
        {
          Type: 'SubscriptionConfirmation',
          MessageId: 'm-sub-1',
          Token: 'token-1',
          TopicArn: topic,
          Message: 'You have chosen to subscribe to the topic.',
          SubscribeURL: url,
          Timestamp: '2026-12-06T09:00:00.000Z',
        },
        '1',
      );
    const good =
      'https://sns.ap-southeast-3.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=token-1';
    const response = await sns(feed.path, subscribe(good), 'SubscriptionConfirmation');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe('confirmed');
    expect(confirmed).toEqual([good]);
    const elsewhere = await sns(
      feed.path,
      subscribe('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=token-1'),
      'SubscriptionConfirmation',
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].field).toBe('body.SubscribeURL');
    const evil = await sns(
      feed.path,
      subscribe('https://evil.example/?Action=ConfirmSubscription'),
      'SubscriptionConfirmation',
    );
    expect(evil.status).toBe(400);
    expect(confirmed).toHaveLength(1);
  });

  it('turns CloudWatch ALARM and OK into an alert bound by instance id; retries are ignored', async () => {
    const feed = await integration('sns');
    // Counts asked for (?wait=processed): answered once the alarm is an alert.
    const counted = `${feed.path}&wait=processed`;
    const fired = await sns(counted, alarm('ALARM', 'm-1'), 'Notification');
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    expect(fired.body.created).toBe(1);
    expect((await sns(counted, alarm('ALARM', 'm-1'), 'Notification')).body.duplicates).toBe(1);
    const [alert] = (await t.api('GET', '/api/v1/alerts?q=web-jkt-01 CPU', { token: infra })).body;
    expect(alert).toMatchObject({ status: 'firing', severity: 'critical', ci: { name: 'web-jkt-01' } });
    expect((await sns(counted, alarm('OK', 'm-2'), 'Notification')).body.updated).toBe(1);
    const [after] = (await t.api('GET', '/api/v1/alerts?q=web-jkt-01 CPU', { token: infra })).body;
    expect(after.status).toBe('resolved');
  });

  it('refuses forged messages: a changed body, a certificate from another host', async () => {
    const feed = await integration('sns');
    const forged = { ...alarm('ALARM', 'm-9'), Subject: 'ALARM: something else' };
    const response = await sns(feed.path, forged, 'Notification');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.Signature');
    const otherHost = {
      ...alarm('ALARM', 'm-10'),
      SigningCertURL: 'https://evil.example/SimpleNotificationService-test.pem',
    };
    const refused = await sns(feed.path, otherHost, 'Notification');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('body.SigningCertURL');
    const alerts = (await t.api('GET', '/api/v1/alerts?limit=500', { token: infra })).body;
    expect(
      alerts.filter((alert: { integration: { id: string } }) => alert.integration.id === feed.id),
    ).toEqual([]);
  });
});

describe('PagerDuty Events v2', () => {
  it('answers 202 with the dedup key; trigger, repeat, acknowledge, resolve', async () => {
    const feed = await integration('pagerduty');
    const path = `/api/v1/intake/${feed.id}`;
    const trigger = {
      routing_key: feed.key,
      event_action: 'trigger',
      dedup_key: 'disk/web-jkt-01',
      payload: {
        summary: 'Disk 95% on web-jkt-01',
        source: 'web-jkt-01',
        severity: 'error',
        component: 'disk',
        custom_details: { free: '5%' },
      },
    };
    const first = await t.api('POST', path, { body: trigger });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'disk/web-jkt-01',
    });
    expect((await t.api('POST', path, { body: trigger })).status).toBe(202);
    let [alert] = (await t.api('GET', '/api/v1/alerts?q=disk/web-jkt-01', { token: infra })).body;
    expect(alert).toMatchObject({
      occurrences: 2,
      severity: 'major',
      status: 'firing',
      ci: { name: 'web-jkt-01' },
    });
    const detail = (await t.api('GET', `/api/v1/alerts/${alert.id}`, { token: infra })).body;
    expect(JSON.stringify(detail.history)).not.toContain(feed.key);

    await t.api('POST', path, {
      body: { routing_key: feed.key, event_action: 'acknowledge', dedup_key: 'disk/web-jkt-01' },
    });
    [alert] = (await t.api('GET', '/api/v1/alerts?q=disk/web-jkt-01', { token: infra })).body;
    expect(alert.status).toBe('acknowledged');
    await t.api('POST', path, {
      body: { routing_key: feed.key, event_action: 'resolve', dedup_key: 'disk/web-jkt-01' },
    });
    [alert] = (await t.api('GET', '/api/v1/alerts?q=disk/web-jkt-01', { token: infra })).body;
    expect(alert.status).toBe('resolved');

    const generated = await t.api('POST', path, { body: { ...trigger, dedup_key: undefined } });
    expect(generated.body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const missing = await t.api('POST', path, { body: { routing_key: feed.key, event_action: 'resolve' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('body.dedup_key');
    const wrongKey = await t.api('POST', path, { body: { ...trigger, routing_key: 'nope' } });
    expect(wrongKey.status).toBe(401);
  });
});

describe('Grafana', () => {
  it('takes the webhook contact point’s payload (Alertmanager’s shape and its own fields)', async () => {
    const feed = await integration('grafana');
    const message = {
      ...amMessage([
        amAlert({ alertname: 'HighRequestLatency', instance: 'web-jkt-01:443', severity: 'warning' }),
      ]),
      orgId: 1,
      title: '[FIRING:1] HighRequestLatency',
      state: 'alerting',
      message: 'latency p99 > 2s',
    };
    const alertWithValues = {
      ...message.alerts[0]!,
      values: { B: 2.4 },
      silenceURL: 'http://grafana/silence',
      dashboardURL: '',
      panelURL: '',
    };
    const response = await t.api('POST', feed.path, { body: { ...message, alerts: [alertWithValues] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [alert] = (await t.api('GET', '/api/v1/alerts?q=HighRequestLatency', { token: infra })).body;
    expect(alert).toMatchObject({
      severity: 'warning',
      ci: { name: 'web-jkt-01' },
      integration: { kind: 'grafana' },
    });
  });
});
