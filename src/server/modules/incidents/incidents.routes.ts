import { errorResponses, ticketKeyParams } from '../../../shared/api/common.js';
import {
  incidentIn,
  incidentPatchIn,
  incidentReportOut,
  incidentReportQuery,
  incidentRoleParams,
  majorIn,
  matrixIn,
  matrixOut,
  roleIn,
  suggestionQuery,
  suggestionsOut,
  updateIn,
} from '../../../shared/api/incidents.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { forbidden, invalidField } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { type TicketRow, ticketForCaller, ticketOut, ticketView, viewerOf } from '../tickets/index.js';
import { openIncident, updateIncident } from './incidents.service.js';
import { assignRole, declareMajor, postUpdate } from './major.service.js';
import { priorityMatrix, savePriorityMatrix } from './matrix.service.js';
import { incidentReport } from './report.service.js';
import { followIncident, suggestIncidents } from './reports.service.js';

export function incidentRoutes(app: App, context: AppContext): void {
  const view = async (request: Parameters<typeof principalOf>[0], ticket: TicketRow) =>
    ticketView(context, await viewerOf(context.db, principalOf(request)), ticket);

  app.post(
    '/api/v1/incidents',
    {
      config: { permission: 'ticket:create' },
      schema: {
        tags: ['incidents'],
        summary: 'Report an incident (anyone) or open one (agents: also team and assignee)',
        description:
          'Priority follows from impact × urgency through the priority matrix; the services it reaches are found ' +
          'from the CMDB (impact analysis over the service and CIs named) and listed as `services`.',
        body: incidentIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ticket = await openIncident(context, principalOf(request), request.body, request.id);
      return reply.status(201).send(await view(request, ticket));
    },
  );

  app.patch(
    '/api/v1/incidents/:key',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Change impact, urgency, affected service and CIs, workaround, root cause (agents)',
        params: ticketKeyParams,
        body: incidentPatchIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await updateIncident(context, principalOf(request), request.params.key, request.body, request.id),
      ),
  );

  app.get(
    '/api/v1/incidents/suggestions',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['incidents'],
        summary:
          'Open incidents that may be what someone is about to report: on their services, or in similar words',
        querystring: suggestionQuery,
        response: { 200: suggestionsOut, ...errorResponses },
      },
    },
    async (request) => suggestIncidents(context, principalOf(request), request.query),
  );

  app.post(
    '/api/v1/incidents/:key/follow',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Follow an open incident instead of reporting it again; you are told when it is resolved',
        params: ticketKeyParams,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(request, await followIncident(context, principalOf(request), request.params.key, request.id)),
  );

  app.post(
    '/api/v1/incidents/:key/major',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Declare a major incident, or undeclare it, with a reason',
        params: ticketKeyParams,
        body: majorIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await declareMajor(context, principalOf(request), request.params.key, request.body, request.id),
      ),
  );

  app.put(
    '/api/v1/incidents/:key/roles/:role',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['incidents'],
        summary:
          'Give a role (commander, communications, scribe) to someone who can work incidents; null ends it',
        params: incidentRoleParams,
        body: roleIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) => {
      const { key, role } = request.params;
      return view(
        request,
        await assignRole(context, principalOf(request), key, role, request.body.user, request.id),
      );
    },
  );

  app.post(
    '/api/v1/incidents/:key/updates',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags: ['incidents'],
        summary:
          'Post an update: an internal note, or an update sent to the stakeholders (lists and service followers)',
        params: ticketKeyParams,
        body: updateIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (request.body.visibility !== 'internal' && !principal.permissions.has('incident:communicate'))
        throw forbidden('You may not communicate about incidents.');
      await postUpdate(context, principal, request.params.key, request.body, request.id);
      const { ticket } = await ticketForCaller(context, principal, request.params.key);
      return reply.status(201).send(await view(request, ticket));
    },
  );

  app.get(
    '/api/v1/incidents/report',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['incidents'],
        summary:
          'Open incidents by priority and service (live); mean time to acknowledge and resolve per priority and service; problems opened and resolved',
        querystring: incidentReportQuery,
        response: { 200: incidentReportOut, ...errorResponses },
      },
    },
    async (request) => {
      const day = 86_400_000;
      const today = new Date(context.clock.now().toISOString().slice(0, 10));
      const to = new Date((request.query.to ? new Date(request.query.to) : today).getTime() + day);
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 31 * day);
      if (from >= to) throw invalidField('from', 'must be on or before to.');
      return incidentReport(context.db, { from, to });
    },
  );

  app.get(
    '/api/v1/incidents/priority-matrix',
    {
      config: { permission: 'ticket:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Impact × urgency → priority',
        response: { 200: matrixOut, ...errorResponses },
      },
    },
    async () => priorityMatrix(context.db),
  );

  app.put(
    '/api/v1/incidents/priority-matrix',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags: ['incidents'],
        summary: 'Set the priority matrix (all nine cells)',
        body: matrixIn,
        response: { 200: matrixOut, ...errorResponses },
      },
    },
    async (request) =>
      savePriorityMatrix(context.db, actorOf(principalOf(request), request.id), request.body),
  );
}
