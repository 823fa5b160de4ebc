import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { badRequest } from '../../lib/errors.js';
import { principalOf } from '../identity/index.js';
import { ticketForCaller } from '../tickets/index.js';
import { acceptCallback } from './callbacks.js';
import { listDeliveries, replayLoggedDelivery } from './deliveries.service.js';
import { runOutput, runsOfTicket } from './fulfilment.service.js';

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

const keyParam = z.object({
  key: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-12'),
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
    async (request) => listDeliveries(context.db, request.query),
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
    async (request) => replayLoggedDelivery(context, request.params.id),
  );

  app.get(
    '/api/v1/tickets/:key/runs',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['fulfilment'],
        summary: 'Fulfilment runs of a ticket, with their output lines (agents)',
        params: keyParam,
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              number: z.number(),
              action: z.string(),
              environment: z.string().nullable(),
              status: z.string(),
              attempts: z.number(),
              error: z.string().nullable(),
              result: z.record(z.string(), z.unknown()).nullable(),
              createdAt: z.date(),
              finishedAt: z.date().nullable(),
              output: z.array(z.object({ at: z.date(), level: z.string(), line: z.string() })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { ticket } = await ticketForCaller(context, principal, request.params.key);
      const seesOutput = principal.permissions.has('ticket:work');
      const runs = await runsOfTicket(context.db, ticket.id);
      return Promise.all(
        runs.map(async (run) => ({
          id: run.id,
          number: run.number,
          action: run.action,
          environment: run.environmentName,
          status: run.status,
          attempts: run.attempts,
          error: run.error,
          result: run.result,
          createdAt: run.createdAt,
          finishedAt: run.finishedAt,
          output: seesOutput
            ? (await runOutput(context.db, run.id)).map(({ at, level, line }) => ({ at, level, line }))
            : [],
        })),
      );
    },
  );
}
