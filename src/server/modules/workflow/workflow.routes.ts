import { errorResponses } from '../../../shared/api/common.js';
import { workflowDefinitionSchema, workflowListOut, workflowParams } from '../../../shared/api/workflow.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { badRequest } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { getWorkflow, listWorkflows, saveWorkflow } from './workflow.service.js';

export function workflowRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/workflows',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['workflows'],
        summary: 'Workflows (statuses, transitions, who may fire them)',
        response: { 200: workflowListOut, ...errorResponses },
      },
    },
    async () => listWorkflows(context.db),
  );

  app.get(
    '/api/v1/workflows/:key',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['workflows'],
        params: workflowParams,
        response: { 200: workflowDefinitionSchema, ...errorResponses },
      },
    },
    async (request) => getWorkflow(context.db, request.params.key),
  );

  app.put(
    '/api/v1/workflows/:key',
    {
      config: { permission: 'workflow:admin' },
      schema: {
        tags: ['workflows'],
        summary: 'Define or replace a workflow (as data)',
        params: workflowParams,
        body: workflowDefinitionSchema,
        response: { 200: workflowDefinitionSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (request.body.key !== request.params.key)
        throw badRequest('key_mismatch', 'key: must equal the key in the path.');
      return saveWorkflow(context.db, actorOf(principalOf(request), request.id), request.body);
    },
  );
}
