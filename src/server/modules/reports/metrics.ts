// Which measures a report can be about: the metric keys the SLA policies define (and time to
// resolution, always measured). An unknown one is a mistake to say, not an empty report.
import type { Queryable } from '../../db/client.js';
import { badRequest } from '../../lib/errors.js';
import { listPolicies } from '../sla/index.js';

export async function knownMetrics(db: Queryable): Promise<string[]> {
  const policies = await listPolicies(db);
  const keys = policies.flatMap((policy) => policy.metrics.map((metric) => metric.key));
  return [...new Set(['time_to_resolution', ...keys])].sort();
}

export async function assertKnownMetric(db: Queryable, metric: string): Promise<void> {
  const known = await knownMetrics(db);
  if (!known.includes(metric)) {
    throw badRequest(
      'unknown_metric',
      `metric: no SLA policy measures "${metric}"; known metrics: ${known.join(', ')}.`,
      [{ field: 'query.metric', message: `unknown metric; known: ${known.join(', ')}` }],
    );
  }
}
