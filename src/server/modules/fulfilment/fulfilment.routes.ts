import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, ticketKeyParams } from '../../../shared/api/common.js';
import {
  deliveryListOut,
  deliveryListQuery,
  deliveryOut,
  deliveryParams,
  runCallbackOut,
  runCallbackParams,
} from '../../../shared/api/fulfilment.js';
import { ticketRunsOut } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { badRequest } from '../../lib/errors.js';
import { principalOf } from '../identity/index.js';
import { ticketForCaller } from '../tickets/index.js';
import { acceptCallback } from './callbacks.js';
import { listDeliveries, replayLoggedDelivery } from './deliveries.service.js';
import { runOutput, runsOfTicket } from './fulfilment.service.js';

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
          params: runCallbackParams,
          response: { 202: runCallbackOut, ...errorResponses },
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
        querystring: deliveryListQuery,
        response: { 200: deliveryListOut, ...errorResponses },
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
        params: deliveryParams,
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
        params: ticketKeyParams,
        response: {
          200: ticketRunsOut,
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
