import { errorResponses } from '../../../shared/api/common.js';
import {
  comparisonOut,
  comparisonQuery,
  createdResolvedOut,
  createdResolvedQuery,
  needFurtherSupportOut,
  needFurtherSupportQuery,
  type RangeQuery,
  resolutionTimeOut,
  resolutionTimeQuery,
  slaReportOut,
  slaReportQuery,
} from '../../../shared/api/reports.js';
import { formatHms } from '../../../shared/duration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { type CsvColumn, sendCsv } from '../../http/csv.js';
import { badRequest } from '../../lib/errors.js';
import { chartOf } from './charts.js';
import { comparisonReport } from './comparison.js';
import { createdResolvedReport, maxDays, needFurtherSupportReport } from './history.js';
import { assertKnownMetric } from './metrics.js';
import { reportRange } from './range.js';
import { resolutionTimeReport } from './resolution.js';
import { slaOutcomeReport } from './sla.js';

const hms = (seconds: number | null) => (seconds === null ? null : formatHms(seconds));
const description =
  'JSON with a `chart` part (labels and series), or CSV with `?format=csv` or `Accept: text/csv`.';

export function reportRoutes(app: App, context: AppContext): void {
  const { db } = context;
  const tags = ['reports'];
  const range = (query: RangeQuery) => reportRange(query, context.clock.now());

  app.get(
    '/api/v1/reports/resolution-time',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'Average and percentile time to resolution (or another SLA metric) per request type, against the SLA target',
        description:
          'Clocks that stopped within the range (a reopened ticket counts once, with all its time). The target is the ' +
          'metric’s goal, or else the first goal of the type’s SLA policy (the paper’s Table 3 targets are time to ' +
          'fulfilment goals); metCount/breachedCount are that target’s outcomes; improvementPercentage is ' +
          '(target − average) / average × 100 (the paper’s Table 7). ' +
          description,
        querystring: resolutionTimeQuery,
        response: { 200: resolutionTimeOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, to, timeZone } = range(request.query);
      await assertKnownMetric(db, request.query.metric);
      const rows = await resolutionTimeReport(db, { from, to, timeZone }, request.query.metric);
      const columns: CsvColumn<(typeof rows)[number]>[] = [
        { header: 'request_type', value: (row) => row.requestType },
        { header: 'name', value: (row) => row.name },
        { header: 'count', value: (row) => row.count },
        { header: 'average_seconds', value: (row) => row.averageSeconds },
        { header: 'average', value: (row) => hms(row.averageSeconds) },
        { header: 'p50_seconds', value: (row) => row.p50Seconds },
        { header: 'p90_seconds', value: (row) => row.p90Seconds },
        { header: 'p95_seconds', value: (row) => row.p95Seconds },
        { header: 'target_metric', value: (row) => row.targetMetric },
        { header: 'target_seconds', value: (row) => row.targetSeconds },
        { header: 'target', value: (row) => hms(row.targetSeconds) },
        { header: 'met', value: (row) => row.metCount },
        { header: 'breached', value: (row) => row.breachedCount },
        { header: 'improvement_percentage', value: (row) => row.improvementPercentage },
      ];
      if (sendCsv(request, reply, request.query.format, 'resolution-time', columns, rows)) return reply;
      return {
        from,
        to,
        timeZone,
        metric: request.query.metric,
        requestTypes: rows,
        chart: chartOf(rows, (row) => row.name, [
          { key: 'averageSeconds', label: 'Average', unit: 'seconds', value: (row) => row.averageSeconds },
          { key: 'p90Seconds', label: '90th percentile', unit: 'seconds', value: (row) => row.p90Seconds },
          { key: 'targetSeconds', label: 'Target', unit: 'seconds', value: (row) => row.targetSeconds },
        ]),
      };
    },
  );

  app.get(
    '/api/v1/reports/need-further-support',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'Share of the tickets created in the range that ever entered need_further_support (the paper’s Table 8)',
        description,
        querystring: needFurtherSupportQuery,
        response: { 200: needFurtherSupportOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, to, timeZone } = range(request.query);
      const report = await needFurtherSupportReport(db, { from, to, timeZone });
      const all = { requestType: '', name: 'All request types', ...report };
      const rows = [...report.requestTypes, all];
      const columns: CsvColumn<(typeof rows)[number]>[] = [
        { header: 'request_type', value: (row) => row.requestType },
        { header: 'name', value: (row) => row.name },
        { header: 'total', value: (row) => row.total },
        { header: 'with_need_further_support', value: (row) => row.withNeedFurtherSupport },
        { header: 'percentage', value: (row) => row.percentage },
      ];
      if (sendCsv(request, reply, request.query.format, 'need-further-support', columns, rows)) return reply;
      return {
        from,
        to,
        timeZone,
        ...report,
        chart: chartOf(report.requestTypes, (row) => row.name, [
          {
            key: 'percentage',
            label: 'Entered need further support',
            unit: 'percent',
            value: (row) => row.percentage,
          },
        ]),
      };
    },
  );

  app.get(
    '/api/v1/reports/sla',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'SLA met and breached per request type and metric; open clocks breached or at risk now',
        description,
        querystring: slaReportQuery,
        response: { 200: slaReportOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, to, timeZone } = range(request.query);
      const rows = await slaOutcomeReport(db, { from, to, timeZone }, context.clock.now());
      const columns: CsvColumn<(typeof rows)[number]>[] = [
        { header: 'request_type', value: (row) => row.requestType },
        { header: 'name', value: (row) => row.name },
        { header: 'metric', value: (row) => row.metric },
        { header: 'goal_seconds', value: (row) => row.goalSeconds },
        { header: 'completed', value: (row) => row.completed },
        { header: 'met', value: (row) => row.met },
        { header: 'breached', value: (row) => row.breached },
        { header: 'met_percentage', value: (row) => row.metPercentage },
        { header: 'open', value: (row) => row.open },
        { header: 'open_breached', value: (row) => row.openBreached },
        { header: 'open_at_risk', value: (row) => row.openAtRisk },
      ];
      if (sendCsv(request, reply, request.query.format, 'sla', columns, rows)) return reply;
      return {
        from,
        to,
        timeZone,
        rows,
        chart: chartOf(rows, (row) => `${row.name} · ${row.metric}`, [
          { key: 'met', label: 'Met', unit: 'count', value: (row) => row.met },
          { key: 'breached', label: 'Breached', unit: 'count', value: (row) => row.breached },
        ]),
      };
    },
  );

  app.get(
    '/api/v1/reports/created-resolved',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'Tickets created and resolved per day, week or month (in the time zone asked for)',
        description:
          'A resolution is a transition into a resolving status from one that is not. `bucket=week` counts from ' +
          `Monday, \`bucket=month\` from the 1st; each row's \`day\` is its first day. At most ${maxDays} rows. ${description}`,
        querystring: createdResolvedQuery,
        response: { 200: createdResolvedOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, to, timeZone } = range(request.query);
      const { bucket } = request.query;
      const rowDays = { day: 1, week: 7, month: 31 }[bucket];
      if (to.getTime() - from.getTime() > maxDays * rowDays * 86_400_000) {
        throw badRequest(
          'range_too_long',
          `from: per ${bucket} the report covers at most ${maxDays} ${bucket}s${bucket === 'month' ? '' : '; ask for a larger bucket'}.`,
        );
      }
      const days = await createdResolvedReport(db, { from, to, timeZone }, bucket);
      const columns: CsvColumn<(typeof days)[number]>[] = [
        { header: 'day', value: (row) => row.day },
        { header: 'created', value: (row) => row.created },
        { header: 'resolved', value: (row) => row.resolved },
      ];
      if (sendCsv(request, reply, request.query.format, 'created-resolved', columns, days)) return reply;
      return {
        from,
        to,
        timeZone,
        bucket,
        days,
        chart: chartOf(days, (row) => row.day, [
          { key: 'created', label: 'Created', unit: 'count', value: (row) => row.created },
          { key: 'resolved', label: 'Resolved', unit: 'count', value: (row) => row.resolved },
        ]),
      };
    },
  );

  app.get(
    '/api/v1/reports/comparison',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'Before and after: a metric’s average per request type against a stored baseline or the SLA targets',
        description:
          '`against=baseline&baseline=<name>` compares with a stored baseline’s Table 2 averages (chat export or typed ' +
          'in), `against=target` with the SLA targets. improvementPercentage = (before − actual) / actual × 100, the ' +
          `paper’s Table 7 formula. ${description}`,
        querystring: comparisonQuery,
        response: { 200: comparisonOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, to, timeZone } = range(request.query);
      const { metric, against, baseline } = request.query;
      if (against === 'baseline' && !baseline) {
        throw badRequest(
          'baseline_required',
          'baseline: name the baseline to compare with (against=baseline).',
        );
      }
      await assertKnownMetric(db, metric);
      const basis =
        against === 'baseline' ? { kind: 'baseline' as const, name: baseline! } : { kind: 'target' as const };
      const rows = await comparisonReport(db, { from, to, timeZone }, metric, basis);
      const columns: CsvColumn<(typeof rows)[number]>[] = [
        { header: 'request_type', value: (row) => row.requestType },
        { header: 'name', value: (row) => row.name },
        { header: 'before_seconds', value: (row) => row.beforeSeconds },
        { header: 'before', value: (row) => hms(row.beforeSeconds) },
        { header: 'actual_seconds', value: (row) => row.actualSeconds },
        { header: 'actual', value: (row) => hms(row.actualSeconds) },
        { header: 'count', value: (row) => row.count },
        { header: 'improvement_percentage', value: (row) => row.improvementPercentage },
      ];
      if (sendCsv(request, reply, request.query.format, 'comparison', columns, rows)) return reply;
      return {
        from,
        to,
        timeZone,
        metric,
        against: against === 'baseline' ? `baseline:${baseline}` : 'target',
        requestTypes: rows,
        chart: chartOf(rows, (row) => row.name, [
          {
            key: 'beforeSeconds',
            label: against === 'baseline' ? 'Baseline' : 'Target',
            unit: 'seconds',
            value: (row) => row.beforeSeconds,
          },
          { key: 'actualSeconds', label: 'Actual', unit: 'seconds', value: (row) => row.actualSeconds },
        ]),
      };
    },
  );
}
