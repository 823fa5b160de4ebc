// GET /api/v1/reports/availability (CONTRACT): one service's availability, MTBF, MTTR and outages
// over a period, with the intervals behind them; CSV lists those intervals.
import {
  type AvailabilityInterval,
  availabilityOut,
  availabilityQuery,
  changeComparisonOut,
  changeComparisonQuery,
} from '../../../shared/api/availability.js';
import { errorResponses } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { type CsvColumn, sendCsv } from '../../http/csv.js';
import { availabilityReport, changeComparison } from './availability.service.js';

export function availabilityRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/reports/availability',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'A service’s availability, MTBF, MTTR and outages over a period, from the incident record',
        description:
          'Outage time is the impact time of incidents reaching the service whose status for it is a major outage ' +
          '(weight 1) or a partial outage (weight `partialWeight`, default 0.3); overlapping outages count once ' +
          '(the worst weight wins); time the service was under declared maintenance is left out of both the agreed ' +
          'time and the downtime. `intervals` are the outages behind the figures. CSV (`?format=csv` or ' +
          '`Accept: text/csv`) lists the intervals.',
        querystring: availabilityQuery,
        response: { 200: availabilityOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = await availabilityReport(context.db, request.query, context.clock.now());
      const columns: CsvColumn<AvailabilityInterval>[] = [
        { header: 'start', value: (row) => row.start.toISOString() },
        { header: 'end', value: (row) => row.end.toISOString() },
        { header: 'worst', value: (row) => row.worst },
        { header: 'down_seconds', value: (row) => row.downSeconds },
        { header: 'weighted_down_seconds', value: (row) => row.weightedDownSeconds },
        { header: 'incidents', value: (row) => row.incidents.join(' ') },
      ];
      if (sendCsv(request, reply, request.query.format, 'availability', columns, report.intervals))
        return reply;
      return report;
    },
  );

  app.get(
    '/api/v1/reports/availability/change-comparison',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'A service’s availability, MTBF and MTTR over equal periods before and after a change',
        description:
          'The period before ends when the change’s implementation began, the one after starts when it ended ' +
          '(never past now); each is computed as `GET /reports/availability` computes it. `after` is null while ' +
          'the change is being implemented.',
        querystring: changeComparisonQuery,
        response: { 200: changeComparisonOut, ...errorResponses },
      },
    },
    async (request) => changeComparison(context, request.query),
  );
}
