// Which measures a report can be about: the metric keys the SLA policies define (and time to
// resolution, always measured). An unknown one is a mistake to say, not an empty report.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { badRequest } from '../../http/errors.js';

export async function knownMetrics(db: Queryable): Promise<string[]> {
  const { rows } = await db.execute<{ key: string }>(sql`
    select distinct metric ->> 'key' as key
      from sla_policies, jsonb_array_elements(metrics) as metric
     where metric ->> 'key' is not null`);
  return [...new Set(['time_to_resolution', ...rows.map((row) => row.key)])].sort();
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
