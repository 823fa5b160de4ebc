// Before and after: the average of a metric per request type over a range against a stored
// baseline (a chat-export analysis or a Table 2 typed in) or against the SLA targets, with the
// paper's improvement percentage, (before − actual) / actual × 100.
import type { ComparisonRow } from '../../../shared/api/reports.js';
import { improvementPercentage } from '../../../shared/duration.js';
import type { Db } from '../../db/client.js';
import { getBaseline } from '../baseline/index.js';
import type { ReportRange } from './range.js';
import { resolutionTimeReport } from './resolution.js';

export type ComparisonBasis = { kind: 'target' } | { kind: 'baseline'; name: string };

/** A row of the report: its shape is the API's (src/shared/api/reports.ts). */
export type { ComparisonRow };

export async function comparisonReport(
  db: Db,
  range: ReportRange,
  metric: string,
  basis: ComparisonBasis,
): Promise<ComparisonRow[]> {
  const actual = await resolutionTimeReport(db, range, metric);
  const baseline = basis.kind === 'baseline' ? await getBaseline(db, basis.name) : null;
  return actual.map((row) => {
    const before =
      basis.kind === 'target'
        ? row.targetSeconds
        : (baseline!.table.find((entry) => entry.type === row.requestType)?.averageResolutionSeconds ?? null);
    const both = before !== null && row.averageSeconds !== null && row.averageSeconds > 0;
    return {
      requestType: row.requestType,
      name: row.name,
      beforeSeconds: before,
      actualSeconds: row.averageSeconds,
      count: row.count,
      improvementPercentage: both ? improvementPercentage(before, row.averageSeconds!) : null,
      improved: both ? row.averageSeconds! < before : null,
    };
  });
}
