// Pure: a generic mapping tried on a sample, for the admin editing it (nothing is stored).
import type { FieldMapping } from '../../../shared/api/events.js';
import { parseGeneric } from './intake/generic.js';
import { PayloadError } from './intake/incoming.js';

export function previewMapping(mapping: FieldMapping, sample: unknown, now: Date) {
  try {
    const alerts = parseGeneric(sample, mapping, now).map((alert) => ({
      fingerprint: alert.fingerprint,
      status: alert.status,
      severity: alert.severity,
      summary: alert.summary,
      labels: alert.labels,
      at: alert.at,
    }));
    return { alerts, problem: null };
  } catch (error) {
    if (error instanceof PayloadError)
      return { alerts: [], problem: { field: error.field, message: error.problem } };
    throw error;
  }
}
