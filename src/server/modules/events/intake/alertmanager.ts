// Pure: Prometheus Alertmanager's webhook (version 4) and Grafana's webhook contact point (the
// same shape plus its own fields), and PagerDuty Events API v2 — into incoming alerts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { normaliseSeverity } from '../severity.js';
import {
  dateOr,
  type IncomingAlert,
  labelsFingerprint,
  PayloadError,
  parsePayload,
  stringLabels,
} from './incoming.js';

const labelMap = z.record(z.string(), z.unknown());

const webhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().max(200).optional(),
});

const webhook = z.object({
  version: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  alerts: z.array(webhookAlert).max(10_000),
  commonLabels: labelMap.optional(),
});

/** Alertmanager v4 / Grafana: one message, many alerts; a retry carries the same (fingerprint, status, startsAt). */
export function parseAlertmanager(payload: unknown, now: Date): IncomingAlert[] {
  const message = parsePayload(webhook, payload);
  if (message.version !== undefined && message.version !== '4' && message.version !== '1')
    throw new PayloadError(
      'body.version',
      `version ${message.version} is not known; Alertmanager sends "4".`,
    );
  return message.alerts.map((alert) => {
    const labels = stringLabels(alert.labels);
    const annotations = stringLabels(alert.annotations);
    const startsAt = dateOr(alert.startsAt, now);
    const fingerprint = alert.fingerprint || labelsFingerprint(labels);
    return {
      fingerprint,
      status: alert.status,
      severity: normaliseSeverity(labels.severity ?? labels.priority),
      summary: (annotations.summary ?? annotations.title ?? labels.alertname ?? fingerprint).slice(0, 500),
      description: (annotations.description ?? annotations.message ?? '').slice(0, 5000),
      labels,
      at: alert.status === 'resolved' ? dateOr(alert.endsAt, now) : startsAt,
      occurrenceKey: `${alert.status}:${startsAt.toISOString()}`,
      raw: alert,
    };
  });
}

const pagerDutyEvent = z.object({
  routing_key: z.string().max(200).optional(),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255).optional(),
  payload: z
    .object({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1).max(255),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.string().optional(),
      component: z.string().max(255).optional(),
      group: z.string().max(255).optional(),
      class: z.string().max(255).optional(),
      custom_details: z.unknown().optional(),
    })
    .optional(),
  links: z.array(z.unknown()).optional(),
  images: z.array(z.unknown()).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
});

/** PagerDuty Events v2: trigger (payload required), acknowledge and resolve (dedup_key required). */
export function parsePagerDuty(payload: unknown, now: Date): { alert: IncomingAlert; dedupKey: string } {
  const event = parsePayload(pagerDutyEvent, payload);
  if (event.event_action !== 'trigger' && !event.dedup_key)
    throw new PayloadError('body.dedup_key', `is required to ${event.event_action} an alert.`);
  if (event.event_action === 'trigger' && !event.payload)
    throw new PayloadError('body.payload', 'is required to trigger an alert.');
  const dedupKey = event.dedup_key ?? randomUUID().replaceAll('-', '');
  const body = event.payload;
  const labels = stringLabels({
    source: body?.source,
    host: body?.source,
    component: body?.component,
    group: body?.group,
    class: body?.class,
  });
  const status =
    event.event_action === 'trigger'
      ? 'firing'
      : event.event_action === 'acknowledge'
        ? 'acknowledged'
        : 'resolved';
  return {
    dedupKey,
    alert: {
      fingerprint: dedupKey,
      status,
      severity: normaliseSeverity(body?.severity),
      summary: body?.summary ?? dedupKey,
      description: body?.custom_details ? JSON.stringify(body.custom_details).slice(0, 5000) : '',
      labels,
      at: dateOr(body?.timestamp, now),
      occurrenceKey: null,
      // The routing key is a credential: it is not kept.
      raw: { ...event, routing_key: undefined },
    },
  };
}
