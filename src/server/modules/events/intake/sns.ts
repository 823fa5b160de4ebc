// AWS SNS over HTTP/S: the signature checked (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA)
// against a certificate fetched only from an SNS host, the SubscriptionConfirmation handshake
// (confirmed only on the SNS host of the topic's region), and CloudWatch alarms as alerts.
// Where certificates come from and how a subscription is confirmed is a trust setting tests
// replace (a test certificate); the host checks stay.
import { createVerify, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { outboundRequest } from '../../../lib/outbound-http.js';
import { normaliseSeverity } from '../severity.js';
import { type IncomingAlert, PayloadError, parsePayload, stringLabels } from './incoming.js';

export interface SnsTrust {
  /** Hosts that may serve signing certificates and subscription URLs. */
  snsHost: RegExp;
  fetchCertificate(url: string): Promise<string>;
  confirmSubscription(url: string): Promise<void>;
}

const certificates = new Map<string, string>();

const defaultTrust: SnsTrust = {
  snsHost: /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
  async fetchCertificate(url) {
    const cached = certificates.get(url);
    if (cached) return cached;
    const response = await outboundRequest(url, {
      method: 'GET',
      allowPrivateNetworks: false,
      maxResponseBytes: 65_536,
    });
    if (response.status !== 200) throw new Error(`the certificate answered ${response.status}`);
    certificates.set(url, response.body);
    return response.body;
  },
  async confirmSubscription(url) {
    const response = await outboundRequest(url, { method: 'GET', allowPrivateNetworks: false });
    if (response.status >= 300) throw new Error(`SNS answered ${response.status} to the confirmation`);
  },
};

let trust: SnsTrust = defaultTrust;

/** Replaces parts of the SNS trust (tests: a test certificate, a recorded confirmation); no argument restores it. */
export function configureSnsTrust(partial?: Partial<SnsTrust>): void {
  trust = partial ? { ...defaultTrust, ...partial } : defaultTrust;
}

const snsMessage = z.object({
  Type: z.enum(['SubscriptionConfirmation', 'Notification', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(200),
  TopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d+:.+$/, 'must be an SNS topic ARN'),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string(),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.url(),
  SubscribeURL: z.url().optional(),
  Token: z.string().optional(),
  UnsubscribeURL: z.string().optional(),
});
export type SnsMessage = z.infer<typeof snsMessage>;

export function parseSnsEnvelope(payload: unknown, messageType: string | undefined): SnsMessage {
  const message = parsePayload(snsMessage, payload);
  if (messageType && messageType !== message.Type)
    throw new PayloadError(
      'headers.x-amz-sns-message-type',
      `says ${messageType} but the body is a ${message.Type}.`,
    );
  return message;
}

/** The text SNS signs: named fields in order, each `name\nvalue\n`. */
export function stringToSign(message: SnsMessage): string {
  const fields =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return fields
    .filter((field) => message[field as keyof SnsMessage] !== undefined)
    .map((field) => `${field}\n${message[field as keyof SnsMessage]}\n`)
    .join('');
}

function snsUrl(value: string, field: string): URL {
  const url = new URL(value);
  if (url.protocol !== 'https:' || !trust.snsHost.test(url.hostname))
    throw new PayloadError(field, `${url.host} is not an SNS host.`);
  return url;
}

/** Refuses a message whose signature does not verify against an SNS certificate. */
export async function verifySns(message: SnsMessage): Promise<void> {
  const certUrl = snsUrl(message.SigningCertURL, 'body.SigningCertURL');
  if (!certUrl.pathname.endsWith('.pem'))
    throw new PayloadError('body.SigningCertURL', 'must name a .pem certificate.');
  let pem: string;
  try {
    pem = await trust.fetchCertificate(certUrl.toString());
    new X509Certificate(pem);
  } catch (error) {
    throw new PayloadError(
      'body.SigningCertURL',
      `the certificate cannot be used: ${(error as Error).message}`,
    );
  }
  const verifier = createVerify(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  verifier.update(stringToSign(message), 'utf8');
  if (!verifier.verify(pem, message.Signature, 'base64'))
    throw new PayloadError('body.Signature', 'does not verify: the message was not signed by SNS.');
}

/** Confirms a subscription, only through the SNS host of the topic's own region. */
export async function confirmSns(message: SnsMessage): Promise<void> {
  if (!message.SubscribeURL)
    throw new PayloadError('body.SubscribeURL', 'is required to confirm a subscription.');
  const region = message.TopicArn.split(':')[3]!;
  const url = snsUrl(message.SubscribeURL, 'body.SubscribeURL');
  if (!url.hostname.startsWith(`sns.${region}.`))
    throw new PayloadError('body.SubscribeURL', `must be on the SNS host of ${region}, the topic's region.`);
  await trust.confirmSubscription(url.toString());
}

const alarm = z.object({
  AlarmName: z.string().min(1).max(255),
  AlarmDescription: z.string().nullable().optional(),
  AWSAccountId: z.string().optional(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string().optional(),
  StateChangeTime: z.string().optional(),
  Region: z.string().optional(),
  AlarmArn: z.string().optional(),
  OldStateValue: z.string().optional(),
  Trigger: z
    .object({
      MetricName: z.string().optional(),
      Namespace: z.string().optional(),
      Dimensions: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    })
    .passthrough()
    .optional(),
});

/** A CloudWatch alarm state change: ALARM fires, OK resolves, INSUFFICIENT_DATA is no alert. */
export function parseCloudWatch(message: SnsMessage, now: Date): IncomingAlert[] {
  let body: unknown;
  try {
    body = JSON.parse(message.Message);
  } catch {
    throw new PayloadError('body.Message', 'must be the JSON of a CloudWatch alarm.');
  }
  const state = parsePayload(alarm, body, 'body.Message');
  if (state.NewStateValue === 'INSUFFICIENT_DATA') return [];
  const dimensions = Object.fromEntries((state.Trigger?.Dimensions ?? []).map((d) => [d.name, d.value]));
  const instance = dimensions.InstanceId ?? dimensions.DBInstanceIdentifier ?? Object.values(dimensions)[0];
  const severityWord = /severity[=:\s]+(\w+)/i.exec(state.AlarmDescription ?? '')?.[1];
  const at = state.StateChangeTime ? new Date(state.StateChangeTime.replace(/\+0000$/, 'Z')) : now;
  return [
    {
      fingerprint: state.AlarmArn ?? `${state.Region ?? ''}:${state.AlarmName}`,
      status: state.NewStateValue === 'ALARM' ? 'firing' : 'resolved',
      severity: normaliseSeverity(severityWord, 'major'),
      summary: (message.Subject ?? state.AlarmName).slice(0, 500),
      description: `${state.AlarmDescription ?? ''}\n${state.NewStateReason ?? ''}`.trim().slice(0, 5000),
      labels: stringLabels({
        alertname: state.AlarmName,
        region: state.Region,
        account: state.AWSAccountId,
        namespace: state.Trigger?.Namespace,
        metric: state.Trigger?.MetricName,
        ...dimensions,
        ...(instance ? { instance } : {}),
      }),
      at: Number.isNaN(at.getTime()) ? now : at,
      occurrenceKey: `sns:${message.MessageId}`,
      raw: body,
    },
  ];
}
