import { errorResponses } from '../../../shared/api/common.js';
import { fileRequestIn } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import { ticketOut, ticketView, viewerOf } from '../tickets/index.js';
import { fileRequest } from './requests.service.js';

export function requestRoutes(app: App, context: AppContext): void {
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
        body: fileRequestIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticket = await fileRequest(context, principal, request.body, request.id);
      return reply.status(201).send(await ticketView(context, await viewerOf(context.db, principal), ticket));
    },
  );
}
