// Reports read straight from the tickets and their status history: the share of tickets that
// ever entered need_further_support (the paper's Table 8), and tickets created and resolved per
// day.

import type { z } from 'zod';
import type {
  Bucket,
  DayCount,
  NeedFurtherSupportRow,
  needFurtherSupportOut,
} from '../../../shared/api/reports.js';
import type { Queryable } from '../../db/client.js';
import { createdResolvedCounts, enteredStatusCounts } from '../tickets/index.js';
import { listWorkflows } from '../workflow/index.js';
import type { ReportRange } from './range.js';
import { requestTypeRefs } from './resolution.js';

export const needFurtherSupportStatus = 'need_further_support';

const percentage = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((10_000 * part) / whole) / 100;

/** The report without its range and chart (their shapes are the API's, src/shared/api/reports.ts). */
export type NeedFurtherSupportReport = Pick<
  z.infer<typeof needFurtherSupportOut>,
  'total' | 'withNeedFurtherSupport' | 'percentage' | 'requestTypes'
>;
export type { NeedFurtherSupportRow };

/**
 * Tickets created within the range, and how many of them entered need_further_support at least
 * once at any time (a ticket that entered it twice counts once).
 */
export async function needFurtherSupportReport(
  q: Queryable,
  range: ReportRange,
): Promise<NeedFurtherSupportReport> {
  const types = await requestTypeRefs(q);
  const rows = { rows: await enteredStatusCounts(q, range, needFurtherSupportStatus) };
  const total = rows.rows.reduce((sum, row) => sum + row.total, 0);
  const escalated = rows.rows.reduce((sum, row) => sum + row.escalated, 0);
  return {
    total,
    withNeedFurtherSupport: escalated,
    percentage: percentage(escalated, total),
    requestTypes: types.map((type) => {
      const row = rows.rows.find((candidate) => candidate.request_type_id === type.id);
      return {
        requestType: type.key,
        name: type.name,
        total: row?.total ?? 0,
        withNeedFurtherSupport: row?.escalated ?? 0,
        percentage: percentage(row?.escalated ?? 0, row?.total ?? 0),
      };
    }),
  };
}

export type { DayCount };

/** The longest range the daily report covers: about three years of days. */
/** The most rows (days, weeks or months) the created/resolved report returns. */
export const maxDays = 1100;

/**
 * Per local day: tickets created, and resolutions — a transition into a resolving status (of any
 * workflow: delivered, closed, cancelled …) from one that is not, so a ticket reopened and
 * resolved again is resolved twice, and closing a delivered request is not a new resolution.
 */
export async function createdResolvedReport(
  q: Queryable,
  range: ReportRange,
  bucket: Bucket = 'day',
): Promise<DayCount[]> {
  const resolving = [
    ...new Set(
      (await listWorkflows(q)).flatMap((workflow) =>
        workflow.statuses.filter((status) => status.resolves).map((status) => status.key),
      ),
    ),
  ];
  return createdResolvedCounts(q, range, bucket, resolving, maxDays + 1);
}
