import { auditEntitiesOut, auditPageOut, auditQuery } from '../../../shared/api/audit.js';
import { errorResponses } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { auditedEntities, listAudit } from './audit.service.js';

const tags = ['audit'];
const config = { permission: 'audit:read' as const };

export function auditRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/admin/audit',
    {
      config,
      schema: {
        tags,
        summary: 'Who changed what: the audit log, newest first, filtered, paged by cursor',
        querystring: auditQuery,
        response: { 200: auditPageOut, ...errorResponses },
      },
    },
    async (request) => listAudit(context.db, request.query),
  );

  app.get(
    '/api/v1/admin/audit/entities',
    {
      config,
      schema: { tags, summary: 'The audited tables', response: { 200: auditEntitiesOut } },
    },
    async () => auditedEntities(context.db),
  );
}
