import { errorResponses, ticketKeyParams } from '../../../shared/api/common.js';
import {
  bulkActionIn,
  bulkActionOut,
  commentIn,
  linkIn,
  linkParams,
  ticketOut,
  ticketPageOut,
  ticketPatchIn,
  ticketSearchQuery,
  transitionIn,
} from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import { updateTicket } from './assignment.js';
import { bulkAction } from './bulk.js';
import { addLink, removeLink } from './links.js';
import { TicketEventHub } from './tickets.events.js';
import { searchTickets } from './tickets.queries.js';
import { addComment, ticketForCaller, transitionByName } from './tickets.service.js';
import { ticketSummaries, ticketView } from './tickets.view.js';
import { viewerOf } from './visibility.js';

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

  app.get(
    '/api/v1/tickets',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['tickets'],
        summary: 'Search tickets the caller may see (newest first, cursor pagination)',
        querystring: ticketSearchQuery,
        response: { 200: ticketPageOut, ...errorResponses },
      },
    },
    async (request) => {
      const result = await searchTickets(context, principalOf(request), request.query);
      return {
        items: (await ticketSummaries(context, result.rows)) as never,
        nextCursor: result.nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/tickets/bulk',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['tickets'],
        summary: 'Assign, transition and/or comment several tickets (agents); a result per ticket',
        description:
          'Each ticket on its own, in order: assign, then the transition (with the comment when it is public), ' +
          'then the comment. A ticket whose action fails (a guard, a transition its status lacks, a ticket ' +
          'the caller may not see) is reported with the error; the others go on.',
        body: bulkActionIn,
        response: { 200: bulkActionOut, ...errorResponses },
      },
    },
    async (request) => bulkAction(context, principalOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/tickets/:key',
    {
      config: { permission: 'ticket:read' },
      schema: { tags: ['tickets'], params: ticketKeyParams, response: { 200: ticketOut, ...errorResponses } },
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
        params: ticketKeyParams,
        body: commentIn,
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
        params: ticketKeyParams,
        body: transitionIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await transitionByName(context, principal, request.params.key, request.body, request.id);
      return ticketView(context, await viewerOf(context.db, principal), ticket);
    },
  );

  app.patch(
    '/api/v1/tickets/:key',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['tickets'],
        summary: 'Assign a ticket, move it to another team, change its priority or title (agents)',
        description:
          '`assignee`: a user id, an email, "me", or null to unassign; the assignee must be an agent of the ' +
          "ticket's team. Moving to another `team` unassigns it unless the assignee is a member of that team.",
        params: ticketKeyParams,
        body: ticketPatchIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await updateTicket(context, principal, request.params.key, request.body, request.id);
      return ticketView(context, await viewerOf(context.db, principal), ticket);
    },
  );

  app.post(
    '/api/v1/tickets/:key/links',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['tickets'],
        summary: 'Link this ticket to another: child_of, duplicate_of, caused_by, related_to (agents)',
        params: ticketKeyParams,
        body: linkIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticket = await addLink(context, principal, request.params.key, request.body, request.id);
      return reply.status(201).send(await ticketView(context, await viewerOf(context.db, principal), ticket));
    },
  );

  app.delete(
    '/api/v1/tickets/:key/links/:type/:target',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['tickets'],
        summary: 'Remove a link of this ticket (agents)',
        params: linkParams,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { key, type, target } = request.params;
      const ticket = await removeLink(context, principal, key, { type, target }, request.id);
      return ticketView(context, await viewerOf(context.db, principal), ticket);
    },
  );
}
