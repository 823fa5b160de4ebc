// Real-shaped payloads for the event tests: Alertmanager webhook v4 (Grafana sends the same shape).
import { createHash } from 'node:crypto';

export function amAlert(
  labels: Record<string, string>,
  options: { status?: 'firing' | 'resolved'; startsAt?: string; fingerprint?: string; summary?: string } = {},
) {
  const status = options.status ?? 'firing';
  const startsAt = options.startsAt ?? '2026-12-06T10:00:00Z';
  return {
    status,
    labels,
    annotations: { summary: options.summary ?? `${labels.alertname} on ${labels.instance}` },
    startsAt,
    endsAt: status === 'resolved' ? '2026-12-06T10:30:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
    fingerprint:
      options.fingerprint ?? createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
  };
}

export function amMessage(alerts: ReturnType<typeof amAlert>[], status?: 'firing' | 'resolved') {
  return {
    version: '4',
    groupKey: '{}:{alertname="InstanceDown"}',
    truncatedAlerts: 0,
    status: status ?? (alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved'),
    receiver: 'opsdesk',
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? '' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}
