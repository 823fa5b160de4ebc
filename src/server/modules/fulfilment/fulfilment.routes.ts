import { desc, eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type App, principalOf } from '../../http/app.js';
import { badRequest, notFound } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import { getRequestTypeById } from '../catalog/catalog.service.js';
import { connectionConfig, getConnection } from '../inventory/inventory.service.js';
import { tickets } from '../tickets/tickets.schema.js';
import { acceptCallback } from './callbacks.js';
import {
  replayDelivery,
  type WebhookDeliveryOutcome,
  webhookExecutorConfigSchema,
} from './executors/index.js';
import { fulfilmentRuns, webhookDeliveries } from './fulfilment.schema.js';

const deliveryOut = z.object({
  id: z.number(),
  runId: z.uuid(),
  deliveryId: z.string(),
  attempt: z.number(),
  url: z.string(),
  requestBody: z.string(),
  startedAt: z.date(),
  durationMs: z.number(),
  outcome: z.record(z.string(), z.unknown()),
});

export function fulfilmentRoutes(app: App, context: AppContext): void {
  // The callback is authenticated by its signature over the exact bytes sent: keep the raw body.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/fulfilment/runs/:id/callback',
      {
        config: { public: true },
        schema: {
          tags: ['fulfilment'],
          summary: 'External automation reports progress or the result of a run (signed; replays refused)',
          description:
            'Headers Opsdesk-Timestamp (unix seconds) and Opsdesk-Signature: v2=<hex HMAC-SHA256 of "<timestamp>.POST <this URL\'s path>.<body>"> with the ' +
            'webhook connection’s secret. Body: {"status": "progress"|"succeeded"|"failed", "message"?, "lines"?, "outputs"?, "summary"?}.',
          security: [],
          params: z.object({ id: z.uuid() }),
          response: {
            202: z.object({ accepted: z.enum(['progress', 'succeeded', 'failed']) }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        if (typeof request.body !== 'string')
          throw badRequest('invalid_callback', 'The callback body must be JSON.');
        const result = await acceptCallback(context, request.params.id, request.headers, request.body);
        return reply.status(202).send(result);
      },
    );
  });

  app.get(
    '/api/v1/fulfilment/deliveries',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['fulfilment'],
        summary: 'The webhook delivery log (newest first)',
        querystring: z
          .object({ runId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
          .strict(),
        response: { 200: z.array(deliveryOut), ...errorResponses },
      },
    },
    async (request) =>
      context.db
        .select()
        .from(webhookDeliveries)
        .where(request.query.runId ? eq(webhookDeliveries.runId, request.query.runId) : undefined)
        .orderBy(desc(webhookDeliveries.id))
        .limit(request.query.limit),
  );

  app.post(
    '/api/v1/fulfilment/deliveries/:id/replay',
    {
      config: { permission: 'providers:admin' },
      schema: {
        tags: ['fulfilment'],
        summary: 'Send a logged delivery again (same content, new delivery id, to the URL configured now)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: deliveryOut, ...errorResponses },
      },
    },
    async (request) => {
      principalOf(request);
      const [original] = await context.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, request.params.id));
      if (!original) throw notFound('The delivery');
      const [run] = await context.db
        .select()
        .from(fulfilmentRuns)
        .where(eq(fulfilmentRuns.id, original.runId));
      const [ticket] = await context.db.select().from(tickets).where(eq(tickets.id, run!.ticketId));
      const spec = ticket?.requestTypeId
        ? (await getRequestTypeById(context.db, ticket.requestTypeId)).fulfilment
        : null;
      if (spec?.executor !== 'external')
        throw badRequest('not_a_webhook', 'This run is not fulfilled by a webhook anymore.');
      const connection = await getConnection(context.db, spec.connection);
      const config = webhookExecutorConfigSchema.parse(
        connectionConfig(connection, context.secretKey).config,
      );
      let recorded: typeof original | undefined;
      await replayDelivery(
        {
          now: () => context.clock.now(),
          allowPrivateNetworks: context.config.allowPrivateNetworks,
          signal: AbortSignal.timeout(60_000),
          recordDelivery: async (record) => {
            [recorded] = await context.db
              .insert(webhookDeliveries)
              .values({ ...record, outcome: record.outcome as unknown as Record<string, unknown> })
              .returning();
          },
        },
        { ...original, outcome: original.outcome as unknown as WebhookDeliveryOutcome },
        config,
      );
      return recorded!;
    },
  );
}
