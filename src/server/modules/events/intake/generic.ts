// Pure: a generic JSON payload read through the admin's field mapping (previewed against a
// sample before it is saved), and backup job results (Opsdesk's own shape, or Veeam Backup &
// Replication's session JSON).
import { z } from 'zod';
import type { FieldMapping } from '../../../../shared/api/events.js';
import { normaliseSeverity } from '../severity.js';
import {
  dateOr,
  type IncomingAlert,
  type IncomingBackupRun,
  labelsFingerprint,
  PayloadError,
  parsePayload,
  stringLabels,
} from './incoming.js';

/** The value at a dotted path (`a.b.0.c`); undefined when any step is missing. */
export function valueAt(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const step of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

const defaultResolved = ['resolved', 'ok', 'closed', 'recovered', 'cleared', 'normal'];

export function parseGeneric(payload: unknown, mapping: FieldMapping, now: Date): IncomingAlert[] {
  let items: unknown[];
  let root = 'body';
  if (mapping.alerts) {
    const list = valueAt(payload, mapping.alerts);
    if (!Array.isArray(list)) throw new PayloadError(`body.${mapping.alerts}`, 'must be a list of alerts.');
    items = list;
    root = `body.${mapping.alerts}`;
  } else items = [payload];
  if (items.length > 10_000) throw new PayloadError(root, 'holds more than 10000 alerts.');
  const resolvedValues = (mapping.resolvedValues ?? defaultResolved).map((value) => value.toLowerCase());
  return items.map((item, index) => {
    const at = mapping.alerts ? `${root}.${index}` : root;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new PayloadError(at, 'must be an object.');
    const labels: Record<string, string> = {};
    for (const [label, path] of Object.entries(mapping.labels ?? {})) {
      const value = scalar(valueAt(item, path));
      if (value !== undefined) labels[label] = value.slice(0, 1000);
    }
    const summary = mapping.summary ? scalar(valueAt(item, mapping.summary)) : undefined;
    if (mapping.summary && !summary)
      throw new PayloadError(`${at}.${mapping.summary}`, 'is required (the summary).');
    const statusText = mapping.status ? scalar(valueAt(item, mapping.status)) : undefined;
    const status = statusText && resolvedValues.includes(statusText.toLowerCase()) ? 'resolved' : 'firing';
    const fingerprint =
      (mapping.fingerprint ? scalar(valueAt(item, mapping.fingerprint)) : undefined) ??
      labelsFingerprint(labels, summary ?? '');
    const occurredAt = mapping.occurredAt ? valueAt(item, mapping.occurredAt) : undefined;
    const deliveryId = mapping.id ? scalar(valueAt(item, mapping.id)) : undefined;
    return {
      fingerprint: fingerprint.slice(0, 255),
      status,
      severity: normaliseSeverity(mapping.severity ? valueAt(item, mapping.severity) : undefined),
      summary: (summary ?? fingerprint).slice(0, 500),
      description: (scalar(mapping.description ? valueAt(item, mapping.description) : undefined) ?? '').slice(
        0,
        5000,
      ),
      labels,
      at: dateOr(occurredAt, now),
      occurrenceKey: deliveryId
        ? `id:${deliveryId}`
        : occurredAt !== undefined
          ? `${status}:${String(occurredAt)}`
          : null,
      raw: item,
    };
  });
}

const backupResult = z.object({
  job: z.string().min(1).max(300),
  ci: z.string().min(1).max(300).optional(),
  result: z.preprocess(
    (value) => (typeof value === 'string' ? value.toLowerCase() : value),
    z.enum(['success', 'warning', 'failed']),
  ),
  start: z.string().optional(),
  end: z.string().optional(),
  size: z.number().nonnegative().optional(),
  sessionId: z.string().min(1).max(300).optional(),
});

/** Veeam B&R REST v1 SessionModel (the fields we read). */
const veeamSession = z.object({
  id: z.string().min(1).max(300),
  name: z.string().min(1).max(300),
  creationTime: z.string().optional(),
  endTime: z.string().nullable().optional(),
  state: z.string().optional(),
  result: z.object({ result: z.enum(['None', 'Success', 'Warning', 'Failed']) }).passthrough(),
});

/** Backup results: `{job, ci?, result, start?, end?, size?, sessionId?}`, a list of them under `results`, or Veeam sessions (`{data:[…]}`). */
export function parseBackup(payload: unknown, now: Date): IncomingBackupRun[] {
  if (
    payload !== null &&
    typeof payload === 'object' &&
    Array.isArray((payload as { data?: unknown }).data)
  ) {
    const sessions = parsePayload(
      z.array(veeamSession).max(10_000),
      (payload as { data: unknown }).data,
      'body.data',
    );
    return sessions
      .filter((session) => session.result.result !== 'None' && session.state !== 'Working')
      .map((session) => ({
        sessionId: session.id,
        job: session.name,
        ci: null,
        result: session.result.result.toLowerCase() as IncomingBackupRun['result'],
        startedAt: session.creationTime ? dateOr(session.creationTime, now) : null,
        endedAt: dateOr(session.endTime, now),
        sizeBytes: null,
        raw: session,
      }));
  }
  const list =
    payload !== null &&
    typeof payload === 'object' &&
    Array.isArray((payload as { results?: unknown }).results)
      ? parsePayload(
          z.array(backupResult).max(10_000),
          (payload as { results: unknown }).results,
          'body.results',
        )
      : [parsePayload(backupResult, payload)];
  return list.map((run) => {
    const endedAt = dateOr(run.end, now);
    return {
      sessionId: run.sessionId ?? `${run.job}@${endedAt.toISOString()}`,
      job: run.job,
      ci: run.ci ?? null,
      result: run.result,
      startedAt: run.start ? dateOr(run.start, now) : null,
      endedAt,
      sizeBytes: run.size ?? null,
      raw: run,
    };
  });
}

/** A backup run as an alert on its job: failed and warning fire, success resolves. */
export function backupAlert(run: IncomingBackupRun): IncomingAlert {
  const labels = stringLabels({ job: run.job, ...(run.ci ? { ci: run.ci } : {}) });
  return {
    fingerprint: `backup:${run.job}`,
    status: run.result === 'success' ? 'resolved' : 'firing',
    severity: run.result === 'failed' ? 'major' : 'minor',
    summary: `Backup job ${run.job}: ${run.result}`,
    description: '',
    labels,
    at: run.endedAt,
    occurrenceKey: `session:${run.sessionId}`,
    raw: run.raw,
  };
}
