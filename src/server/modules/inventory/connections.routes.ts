import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
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

const connectionOut = z.object({
  name: z.string(),
  kind: z.string(),
  config: z.record(z.string(), z.unknown()),
  secretsSet: z
    .array(z.string())
    .meta({ description: 'Secret settings that are set (their values are never returned)' }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const nameParam = z.object({ name: z.string().min(1).max(100) });

export function connectionRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/connections/kinds',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['connections'],
        summary: 'Kinds of provider and automation connections, with the JSON Schema of their settings',
        response: {
          200: z.array(
            z.object({
              kind: z.string(),
              title: z.string(),
              role: z.string(),
              secretFields: z.array(z.string()),
              settings: z.unknown(),
            }),
          ),
          ...errorResponses,
        },
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
        response: { 200: z.array(connectionOut), ...errorResponses },
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
        body: z
          .object({
            name: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes'),
            kind: z.string().min(1).max(50),
            config: z.record(z.string(), z.unknown()).default({}),
          })
          .strict(),
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
        params: nameParam,
        body: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
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
        params: nameParam,
        response: { 202: z.object({ queued: z.boolean() }), ...errorResponses },
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
