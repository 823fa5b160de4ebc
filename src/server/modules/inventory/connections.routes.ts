import { z } from 'zod';
import { errorResponses } from '../../../shared/api/common.js';
import {
  connectionIn,
  connectionKindListOut,
  connectionListOut,
  connectionOut,
  connectionParams,
  connectionPatch,
  syncQueuedOut,
} from '../../../shared/api/inventory.js';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import {
  connectionKinds,
  createConnection,
  listConnections,
  toConnectionApi,
  updateConnection,
} from './connections.service.js';
import { inventoryJobs } from './inventory.jobs.js';
import { getConnection } from './inventory.service.js';

export function connectionRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/connections/kinds',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary: 'Kinds of provider and automation connections, with the JSON Schema of their settings',
        response: { 200: connectionKindListOut, ...errorResponses },
      },
    },
    async () =>
      connectionKinds(context).map((kind) => ({
        kind: kind.kind,
        title: kind.title,
        role: kind.role,
        secretFields: [...kind.secretFields],
        settings: z.toJSONSchema(kind.configSchema, { unrepresentable: 'any', io: 'input' }),
      })),
  );

  app.get(
    '/api/v1/connections',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary: 'Provider and automation connections',
        response: { 200: connectionListOut, ...errorResponses },
      },
    },
    async () => (await listConnections(context)).map((row) => toConnectionApi(row, context.secretKey)),
  );

  app.post(
    '/api/v1/connections',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary:
          'Add a connection (e.g. an AWS account, a webhook to your automation); secrets are encrypted at rest',
        body: connectionIn,
        response: { 201: connectionOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createConnection(context, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send(toConnectionApi(row, context.secretKey));
    },
  );

  app.patch(
    '/api/v1/connections/:name',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary: 'Change settings (keys given replace stored ones; null removes one)',
        params: connectionParams,
        body: connectionPatch,
        response: { 200: connectionOut, ...errorResponses },
      },
    },
    async (request) =>
      toConnectionApi(
        await updateConnection(
          context,
          actorOf(principalOf(request), request.id),
          request.params.name,
          request.body.config,
        ),
        context.secretKey,
      ),
  );

  app.post(
    '/api/v1/connections/:name/sync',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary: 'Sync the inventory with what this provider discovers (runs as a job)',
        params: connectionParams,
        response: { 202: syncQueuedOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      await getConnection(context.db, request.params.name);
      await withTransaction(context.db, actorOf(principalOf(request), request.id), (tx) =>
        inventoryJobs.enqueue(
          tx,
          'inventory.sync',
          { connection: request.params.name },
          { jobKey: `inventory-sync:${request.params.name}` },
        ),
      );
      return reply.status(202).send({ queued: true });
    },
  );
}
