// One delivery from a sending system, end to end: the body read as JSON (SNS sends text/plain),
// the key checked (401, nothing stored), the payload read in the sender's own shape (a 400 naming
// the field, the body kept as a dead letter), SNS signatures verified and subscriptions
// confirmed, then the alerts journalled (group commit, journal.service.ts) before the answer:
// `{accepted}`, or with `?wait=processed` the counts once the drain has stored them. Backup
// results are stored at once (low volume; their answer counts runs).
import type { AppContext } from '../../context.js';
import { DomainError, invalidField } from '../../lib/errors.js';
import { inputProblem } from '../../lib/storable-input.js';
import { receiveBackup } from './backup.service.js';
import { parseAlertmanager, parsePagerDuty } from './intake/alertmanager.js';
import { parseGeneric } from './intake/generic.js';
import { type IncomingAlert, PayloadError } from './intake/incoming.js';
import { confirmSns, parseCloudWatch, parseSnsEnvelope, verifySns } from './intake/sns.js';
import { deadLetter } from './intake.service.js';
import { type IntegrationRow, integrationForKey } from './integrations.service.js';
import { awaitProcessed, journal, journalOutcome } from './journal.service.js';

export interface Delivery {
  integrationId: string;
  body: Buffer | string | undefined;
  key: string | undefined;
  authorization: string | undefined;
  snsMessageType: string | undefined;
  /** `processed`: answer once the message is stored as alerts, with its counts. */
  wait?: 'processed' | undefined;
}

/** How long a `?wait=processed` delivery waits for the drain before answering without counts. */
const processedWaitMs = 10_000;

export interface IntakeCounts {
  accepted: number;
  created?: number;
  updated?: number;
  duplicates?: number;
}

export type Answer =
  | { status: 200; body: IntakeCounts }
  | { status: 200; body: { status: string; message: string } }
  | { status: 202; body: { status: string; message: string; dedup_key: string } };

function readJson(text: string): { ok: true; value: unknown } | { ok: false; problem: PayloadError } {
  if (!text.trim())
    return { ok: false, problem: new PayloadError('body', 'is empty; send the JSON payload.') };
  try {
    const value = JSON.parse(text) as unknown;
    const problem = inputProblem(value, 'body');
    return problem
      ? { ok: false, problem: new PayloadError(problem.field, problem.message) }
      : { ok: true, value };
  } catch (error) {
    return { ok: false, problem: new PayloadError('body', `is not valid JSON: ${(error as Error).message}`) };
  }
}

export async function receive(context: AppContext, delivery: Delivery): Promise<Answer> {
  const text = Buffer.isBuffer(delivery.body) ? delivery.body.toString('utf8') : (delivery.body ?? '');
  const json = readJson(text);
  const bearer = /^Bearer\s+(\S+)$/i.exec(delivery.authorization ?? '')?.[1];
  const routingKey =
    json.ok && json.value && typeof json.value === 'object'
      ? (json.value as { routing_key?: unknown }).routing_key
      : undefined;
  const key = delivery.key ?? bearer ?? (typeof routingKey === 'string' ? routingKey : undefined);
  const integration = await integrationForKey(context, delivery.integrationId, key);
  try {
    if (!json.ok) throw json.problem;
    return await dispatch(context, integration, json.value, delivery);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    await deadLetter(
      context,
      integration.id,
      error.problem,
      error.field,
      text.replaceAll('\u0000', '\\u0000'),
    );
    throw invalidField(error.field, error.problem, 'invalid_payload');
  }
}

async function dispatch(
  context: AppContext,
  integration: IntegrationRow,
  payload: unknown,
  delivery: Delivery,
): Promise<Answer> {
  const now = context.clock.now();
  // Journalled (durable) before the answer; with ?wait=processed, stored as alerts too.
  const journalled = async (alerts: IncomingAlert[]): Promise<IntakeCounts> => {
    const id = await journal(context, integration.id, alerts);
    if (delivery.wait !== 'processed') return { accepted: alerts.length };
    const processed = await awaitProcessed(context, id, processedWaitMs);
    const outcome = processed ? await journalOutcome(context, id) : null;
    return outcome && !('error' in outcome)
      ? { accepted: alerts.length, ...outcome }
      : { accepted: alerts.length };
  };
  const stored = async (alerts: IncomingAlert[]): Promise<Answer> => ({
    status: 200,
    body: await journalled(alerts),
  });
  switch (integration.kind) {
    case 'alertmanager':
    case 'grafana':
      return stored(parseAlertmanager(payload, now));
    case 'generic':
      return stored(parseGeneric(payload, integration.mapping ?? {}, now));
    case 'pagerduty': {
      const { alert, dedupKey } = parsePagerDuty(payload, now);
      await journalled([alert]);
      return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
    }
    case 'backup': {
      const counts = await receiveBackup(context, integration, payload, now);
      return { status: 200, body: counts };
    }
    case 'sns': {
      const message = parseSnsEnvelope(payload, delivery.snsMessageType);
      await verifySns(message);
      if (message.Type === 'SubscriptionConfirmation') {
        try {
          await confirmSns(message);
        } catch (error) {
          if (error instanceof PayloadError) throw error;
          throw new DomainError(
            'unavailable',
            'sns_confirmation_failed',
            `SNS did not take the confirmation: ${(error as Error).message}`,
          );
        }
        return { status: 200, body: { status: 'confirmed', message: `Subscribed to ${message.TopicArn}.` } };
      }
      if (message.Type === 'UnsubscribeConfirmation')
        return { status: 200, body: { status: 'noted', message: `Unsubscribed from ${message.TopicArn}.` } };
      return stored(parseCloudWatch(message, now));
    }
  }
}
