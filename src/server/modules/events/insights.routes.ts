// What event management shows beyond the console: the heat map (JSON or CSV), backup runs and RPO
// compliance.
import { errorResponses } from '../../../shared/api/common.js';
import {
  backupRunsOut,
  backupRunsQuery,
  heatmapOut,
  heatmapQuery,
  rpoIn,
  rpoOut,
} from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { sendCsv } from '../../http/csv.js';
import { cisByIds } from '../cmdb/index.js';
import { actorOf, principalOf } from '../identity/index.js';
import { backupRunsOf, rpoCompliance, setRpo } from './backup.service.js';
import { heatmap } from './heatmap.service.js';
import { journalBarrier } from './journal.service.js';

const tags = ['events'];
const brief = (ci: { id: string; classKey: string; name: string }) => ({
  id: ci.id,
  class: ci.classKey,
  name: ci.name,
});

export function insightRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/alerts/heatmap',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary:
          'Alert counts by site, service or CI class × service, CI class or severity over a period (JSON or CSV)',
        querystring: heatmapQuery,
        response: { 200: heatmapOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      await journalBarrier(context);
      const map = await heatmap(context, request.query);
      const rows = map.cells.map((cell) => ({
        row: map.rows[cell.row]!.name,
        column: map.columns[cell.column]!.name,
        count: cell.count,
      }));
      if (
        sendCsv(
          request,
          reply,
          request.query.format,
          'alert-heatmap',
          [
            { header: request.query.rows, value: (row) => row.row },
            { header: request.query.columns, value: (row) => row.column },
            { header: 'alerts', value: (row) => row.count },
          ],
          rows,
        )
      )
        return reply;
      return map;
    },
  );

  app.get(
    '/api/v1/backup-runs',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Backup job results, newest first',
        querystring: backupRunsQuery,
        response: { 200: backupRunsOut, ...errorResponses },
      },
    },
    async (request) => {
      const runs = await backupRunsOf(context, request.query.ci, request.query.limit);
      const cis = await cisByIds(
        context.db,
        runs.map((run) => run.ciId).filter((id): id is string => Boolean(id)),
      );
      return runs.map((run) => {
        const ci = run.ciId ? cis.get(run.ciId) : undefined;
        return {
          id: run.id,
          job: run.job,
          ci: ci ? brief(ci) : null,
          result: run.result,
          startedAt: run.startedAt,
          endedAt: run.endedAt,
          sizeBytes: run.sizeBytes,
        };
      });
    },
  );

  const compliance = async () =>
    (await rpoCompliance(context)).map((state) => ({
      ci: brief(state.ci),
      rpoMinutes: state.rpoMinutes,
      lastSuccessAt: state.lastSuccessAt,
      breached: state.breached,
      breachedSince: state.breachedSince,
    }));

  app.get(
    '/api/v1/backup-rpo',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'RPO compliance: each target’s last good backup and whether it is breached',
        response: { 200: rpoOut, ...errorResponses },
      },
    },
    compliance,
  );

  app.put(
    '/api/v1/backup-rpo',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Set the RPO of a CI or service (a breach raises an alert, and by rule an incident)',
        body: rpoIn,
        response: { 200: rpoOut, ...errorResponses },
      },
    },
    async (request) => {
      await setRpo(
        context,
        actorOf(principalOf(request), request.id),
        request.body.ci,
        request.body.rpoMinutes,
      );
      return compliance();
    },
  );
}
