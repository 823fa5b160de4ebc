import { errorResponses, noContent, ticketKeyParams } from '../../../shared/api/common.js';
import {
  acceptIn,
  detectionSettings,
  detectOut,
  dismissIn,
  problemIn,
  problemIncidentIn,
  problemPatchIn,
  proposalParams,
  proposalsOut,
  proposalsQuery,
} from '../../../shared/api/problems.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import { type TicketRow, ticketOut, ticketView, viewerOf } from '../tickets/index.js';
import { linkIncident, openProblem, updateProblem } from './problems.service.js';
import {
  acceptProposal,
  detectRecurring,
  dismissProposal,
  listProposals,
  detectionSettings as readSettings,
  saveDetectionSettings,
} from './recurring.service.js';

export function problemRoutes(app: App, context: AppContext): void {
  const view = async (request: Parameters<typeof principalOf>[0], ticket: TicketRow) =>
    ticketView(context, await viewerOf(context.db, principalOf(request)), ticket);

  app.post(
    '/api/v1/problems',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Open a problem on CIs and services, with the incidents it causes (agents)',
        body: problemIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ticket = await openProblem(context, principalOf(request), request.body, request.id);
      return reply.status(201).send(await view(request, ticket));
    },
  );

  app.patch(
    '/api/v1/problems/:key',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Change the root-cause analysis, workaround, description or affected CIs',
        params: ticketKeyParams,
        body: problemPatchIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await updateProblem(context, principalOf(request), request.params.key, request.body, request.id),
      ),
  );

  app.post(
    '/api/v1/problems/:key/incidents',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Link an incident this problem causes (the incident is `caused_by` the problem)',
        params: ticketKeyParams,
        body: problemIncidentIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await linkIncident(
          context,
          principalOf(request),
          request.params.key,
          request.body.incident,
          request.id,
        ),
      ),
  );

  app.get(
    '/api/v1/problems/proposals',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Problems the recurring-incident detector proposes, with their evidence',
        querystring: proposalsQuery,
        response: { 200: proposalsOut, ...errorResponses },
      },
    },
    async (request) => listProposals(context.db, request.query.state),
  );

  app.post(
    '/api/v1/problems/proposals/detect',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Look for recurring incidents now (the detector also runs every hour)',
        response: { 200: detectOut, ...errorResponses },
      },
    },
    async () => ({ proposed: await detectRecurring(context) }),
  );

  app.post(
    '/api/v1/problems/proposals/:id/accept',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Accept a proposal: the problem is opened and its incidents linked',
        params: proposalParams,
        body: acceptIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const problem = await acceptProposal(
        context,
        principalOf(request),
        request.params.id,
        request.body ?? {},
        request.id,
      );
      return reply.status(201).send(await view(request, problem));
    },
  );

  app.post(
    '/api/v1/problems/proposals/:id/dismiss',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'Dismiss a proposal: the same incidents are not proposed again',
        params: proposalParams,
        body: dismissIn,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await dismissProposal(context, principalOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/problems/detection',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['problems'],
        summary: 'The recurring-incident detector’s settings',
        response: { 200: detectionSettings, ...errorResponses },
      },
    },
    async () => readSettings(context.db),
  );

  app.put(
    '/api/v1/problems/detection',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags: ['problems'],
        summary: 'Set how many incidents within how many days, in how alike words, make a proposal',
        body: detectionSettings,
        response: { 200: detectionSettings, ...errorResponses },
      },
    },
    async (request) =>
      saveDetectionSettings(context, actorOf(principalOf(request), request.id), request.body),
  );
}
