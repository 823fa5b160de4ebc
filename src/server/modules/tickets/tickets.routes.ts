import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type App, principalOf } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { runOutput, runsOfTicket } from '../fulfilment/fulfilment.service.js';
import { TicketEventHub } from './tickets.events.js';
import { searchTickets, slaSummaries, slaSummaryOut, ticketSearchQuery } from './tickets.queries.js';
import { addComment, fileRequest, ticketForCaller, transitionByName } from './tickets.service.js';
import { ticketOut, ticketSummaries, ticketSummaryOut, ticketView } from './tickets.view.js';
import { viewerOf } from './visibility.js';

const keyParam = z.object({
  key: z.string().regex(/^[A-Za-z]+-\d+$/, 'must be a ticket key such as REQ-12'),
});

export function ticketRoutes(app: App, context: AppContext): void {
  const hub = new TicketEventHub(context.database.url, context.log);
  // Open event streams would hold the server open: end them before it closes.
  app.addHook('preClose', () => hub.close());

  app.get(
    '/api/v1/events',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['tickets'],
        summary:
          'Live updates (Server-Sent Events): `event: ticket` with {type, key, status} for tickets the caller may see',
      },
    },
    async (request, reply) => {
      const viewer = await viewerOf(context.db, principalOf(request));
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const unsubscribe = await hub.subscribe(viewer, response);
      // Sent once listening: a client that has read it misses nothing after.
      response.write('retry: 2000\n: connected\n\n');
      // Keeps proxies from closing an idle stream (a transport concern, not a scheduled job).
      const keepAlive = setInterval(() => response.write(': ping\n\n'), 25_000);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
    },
  );

  const view = async (principal: ReturnType<typeof principalOf>, key: string) => {
    const { ticket, viewer } = await ticketForCaller(context, principal, key);
    return ticketView(context, viewer, ticket);
  };

  app.post(
    '/api/v1/requests',
    {
      config: { permission: 'ticket:create' },
      schema: {
        tags: ['tickets'],
        summary: 'File a request as the caller',
        description:
          'Unknown request types and fields of the wrong type are refused (400) and nothing is stored. ' +
          'The rules (patterns, environments, dates …) are checked by verification right after: an invalid request ' +
          'is cancelled with every problem listed in a comment.',
        body: z
          .object({ requestType: z.string().min(1).max(100), fields: z.record(z.string(), z.unknown()) })
          .strict(),
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticket = await fileRequest(context, principal, request.body, request.id);
      return reply.status(201).send(await ticketView(context, await viewerOf(context.db, principal), ticket));
    },
  );

  app.get(
    '/api/v1/tickets',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['tickets'],
        summary: 'Search tickets the caller may see (newest first, cursor pagination)',
        querystring: ticketSearchQuery,
        response: {
          200: z.object({
            items: z.array(ticketSummaryOut.extend({ sla: slaSummaryOut })),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await searchTickets(context, principalOf(request), request.query);
      const [items, sla] = await Promise.all([
        ticketSummaries(context, result.rows),
        slaSummaries(
          context,
          result.rows.map((row) => row.id),
        ),
      ]);
      return {
        items: items.map((item, index) => ({ ...item, sla: sla.get(result.rows[index]!.id) ?? null })),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/tickets/:key',
    {
      config: { permission: 'ticket:read' },
      schema: { tags: ['tickets'], params: keyParam, response: { 200: ticketOut, ...errorResponses } },
    },
    async (request) => view(principalOf(request), request.params.key),
  );

  app.post(
    '/api/v1/tickets/:key/comments',
    {
      config: { permission: 'ticket:comment' },
      schema: {
        tags: ['tickets'],
        summary:
          'Comment; the requester answering in waiting_for_customer moves the ticket to need_further_support',
        params: keyParam,
        body: z
          .object({ body: z.string().trim().min(1).max(20_000), internal: z.boolean().default(false) })
          .strict(),
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticket = await addComment(context, principal, request.params.key, request.body, request.id);
      return reply.status(201).send(await ticketView(context, await viewerOf(context.db, principal), ticket));
    },
  );

  app.post(
    '/api/v1/tickets/:key/transitions',
    {
      config: { permission: 'ticket:transition' },
      schema: {
        tags: ['tickets'],
        summary: 'Fire a transition: confirm, report_problem, retry, resolve, cancel …',
        params: keyParam,
        body: z
          .object({ name: z.string().min(1).max(63), comment: z.string().trim().max(20_000).optional() })
          .strict(),
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await transitionByName(context, principal, request.params.key, request.body, request.id);
      return ticketView(context, await viewerOf(context.db, principal), ticket);
    },
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
