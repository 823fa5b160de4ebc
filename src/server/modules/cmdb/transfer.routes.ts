// Import (CSV of a class, YAML of CIs and relations) and export of CIs.
import { ciClassParams, ciImportIn, ciImportOut, ciParams, exportText } from '../../../shared/api/cmdb.js';
import { errorResponses } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { toCsv } from '../../http/csv.js';
import { DomainError, notFound } from '../../lib/errors.js';
import { principalOf } from '../identity/index.js';
import { resolveCi } from './cis.service.js';
import { exportClassCsv, exportSubtreeYaml, importCis } from './transfer.service.js';

export function transferRoutes(app: App, context: AppContext): void {
  const { db } = context;

  app.post(
    '/api/v1/cmdb/import',
    {
      config: { permission: 'cmdb:write' },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags: ['cmdb'],
        summary:
          'Import CIs: CSV of one class, or YAML of CIs and relations (all or nothing; dryRun to preview)',
        description:
          'CIs are matched by external id, else by class and name, so importing the same file twice changes nothing. ' +
          'CSV columns: name, status, team, tags (a;b), external_ids (source:id;…), then attribute keys; an empty cell clears. ' +
          'Any error (each named by row and field) keeps nothing.',
        body: ciImportIn,
        response: { 200: ciImportOut, ...errorResponses },
      },
    },
    async (request) => importCis(context, principalOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/ci-classes/:key/export',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Every CI of a class as CSV (the import format)',
        params: ciClassParams,
        response: { 200: exportText, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { columns, rows } = await exportClassCsv(db, request.params.key);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.key}.csv"`)
        .send(
          toCsv(
            columns.map((column) => ({
              header: column,
              value: (row: Record<string, string>) => row[column],
            })),
            rows,
          ),
        );
    },
  );

  app.get(
    '/api/v1/cis/:id/export',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'A CI and everything it depends on, with their relations, as YAML (the import format)',
        params: ciParams,
        response: { 200: exportText, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ci = await resolveCi(db, request.params.id, { field: 'id' }).catch((error) => {
        if (error instanceof DomainError && error.code === 'unknown_ci')
          throw notFound(`The configuration item ${request.params.id}`);
        throw error;
      });
      return reply
        .header('content-type', 'application/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ci.name.replace(/[^\w.-]+/g, '_')}.yaml"`)
        .send(await exportSubtreeYaml(db, ci));
    },
  );
}
