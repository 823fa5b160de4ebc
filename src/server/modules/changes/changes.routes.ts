import {
  cabAgendaOut,
  calendarOut,
  calendarQuery,
  changeIn,
  changeListOut,
  changeListQuery,
  changePatchIn,
  changeReportOut,
  changeReportQuery,
  changeSettingsIn,
  changeSettingsOut,
  changeTransitionIn,
  conflictListOut,
  freezeIn,
  freezeListOut,
  freezeOut,
  freezeParams,
  maintenanceWindowIn,
  maintenanceWindowListOut,
  maintenanceWindowOut,
  riskQuestionnaireIn,
  riskQuestionnaireOut,
} from '../../../shared/api/changes.js';
import { errorResponses, noContent, ticketKeyParams } from '../../../shared/api/common.js';
import { ticketOut } from '../../../shared/api/tickets.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { invalidField } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { type TicketRow, ticketForCaller, ticketView, viewerOf } from '../tickets/index.js';
import { cabAgenda, changeCalendar, listChanges } from './calendar.service.js';
import { raiseChange, transitionChange, updateChange } from './changes.service.js';
import { conflictsOfChange } from './conflicts.service.js';
import { changeReport } from './reports.service.js';
import { changeRoles, saveChangeRoles } from './roles.service.js';
import {
  createFreeze,
  createMaintenanceWindow,
  deleteFreeze,
  listFreezes,
  listMaintenanceWindows,
  questionnaire,
  saveQuestionnaire,
} from './settings.service.js';

export function changeRoutes(app: App, context: AppContext): void {
  const view = async (request: Parameters<typeof principalOf>[0], ticket: TicketRow) =>
    ticketView(context, await viewerOf(context.db, principalOf(request)), ticket);
  const tags = ['changes'];

  app.post(
    '/api/v1/changes',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Raise a change (agents): the Seven Rs, CIs, window; answered with its risk and conflicts',
        description:
          'Risk: the questionnaire plus automatic factors (services reached and their criticality, dependents, failed ' +
          'changes on the same CIs in 90 days, open incidents, window size, collisions), each with its points. ' +
          '`submit`: take the first step at once (standard → scheduled, emergency → authorize, normal → assess).',
        body: changeIn,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ticket = await raiseChange(context, principalOf(request), request.body, request.id);
      return reply.status(201).send(await view(request, ticket));
    },
  );

  app.get(
    '/api/v1/changes',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Changes, latest window first',
        querystring: changeListQuery,
        response: { 200: changeListOut, ...errorResponses },
      },
    },
    async (request) => listChanges(context.db, request.query),
  );

  app.patch(
    '/api/v1/changes/:key',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Edit a change (agents): plans, window, CIs, risk answers, outcome, review notes',
        description: 'A new window or new CIs re-assess the change and drop an earlier override.',
        params: ticketKeyParams,
        body: changePatchIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await updateChange(context, principalOf(request), request.params.key, request.body, request.id),
      ),
  );

  app.post(
    '/api/v1/changes/:key/transitions',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Move a change on (assess, request_authorization, schedule, start, finish, close, cancel)',
        description:
          'Guards refuse with 409 and say why (not authorized, a conflict, the window not open, no outcome, no review). ' +
          '`override` (change managers, admins) lets it past conflicts and the window, with a reason.',
        params: ticketKeyParams,
        body: changeTransitionIn,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        request,
        await transitionChange(context, principalOf(request), request.params.key, request.body, request.id),
      ),
  );

  app.get(
    '/api/v1/changes/:key/conflicts',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'The conflicts of a change, each explained',
        params: ticketKeyParams,
        response: { 200: conflictListOut, ...errorResponses },
      },
    },
    async (request) => {
      const { ticket } = await ticketForCaller(context, principalOf(request), request.params.key);
      if (ticket.kind !== 'change')
        throw invalidField('key', `${ticket.key} is not a change.`, 'not_a_change');
      return conflictsOfChange(context.db, ticket.id);
    },
  );

  app.get(
    '/api/v1/changes/calendar',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Changes and freeze windows in a range (at most 92 days), each change with its conflicts',
        querystring: calendarQuery,
        response: { 200: calendarOut, ...errorResponses },
      },
    },
    async (request) => changeCalendar(context.db, request.query.from, request.query.to),
  );

  app.get(
    '/api/v1/changes/cab-agenda',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Changes awaiting the CAB or the emergency CAB',
        response: { 200: cabAgendaOut, ...errorResponses },
      },
    },
    async () => cabAgenda(context.db),
  );

  app.get(
    '/api/v1/changes/reports',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'Change success and failure rate, lead time (DORA), changes by type, risk and service',
        querystring: changeReportQuery,
        response: { 200: changeReportOut, ...errorResponses },
      },
    },
    async (request) => changeReport(context.db, request.query.from, request.query.to),
  );

  app.get(
    '/api/v1/changes/freezes',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Freeze (blackout) windows',
        response: { 200: freezeListOut, ...errorResponses },
      },
    },
    async () => listFreezes(context.db),
  );

  app.post(
    '/api/v1/changes/freezes',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: 'Add a freeze window, global or on one service',
        body: freezeIn,
        response: { 201: freezeOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFreeze(context.db, actorOf(principalOf(request), request.id), request.body)),
  );

  app.delete(
    '/api/v1/changes/freezes/:id',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: 'Remove a freeze window',
        params: freezeParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteFreeze(context.db, actorOf(principalOf(request), request.id), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/changes/maintenance-windows',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: "Services' weekly maintenance windows (UTC)",
        response: { 200: maintenanceWindowListOut, ...errorResponses },
      },
    },
    async () => listMaintenanceWindows(context.db),
  );

  app.post(
    '/api/v1/changes/maintenance-windows',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: "Add a service's weekly maintenance window: changes reaching it outside one conflict",
        body: maintenanceWindowIn,
        response: { 201: maintenanceWindowOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createMaintenanceWindow(context.db, actorOf(principalOf(request), request.id), request.body),
        ),
  );

  app.get(
    '/api/v1/changes/risk-questionnaire',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'The risk questionnaire: a yes adds the weight',
        response: { 200: riskQuestionnaireOut, ...errorResponses },
      },
    },
    async () => questionnaire(context.db),
  );

  app.put(
    '/api/v1/changes/risk-questionnaire',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: 'Replace the risk questionnaire (questions sent with their id are kept)',
        body: riskQuestionnaireIn,
        response: { 200: riskQuestionnaireOut, ...errorResponses },
      },
    },
    async (request) => saveQuestionnaire(context.db, actorOf(principalOf(request), request.id), request.body),
  );

  app.get(
    '/api/v1/changes/settings',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'The teams that play the change roles: CAB (and its quorum), emergency CAB, change managers',
        response: { 200: changeSettingsOut, ...errorResponses },
      },
    },
    async () => changeRoles(context.db),
  );

  app.patch(
    '/api/v1/changes/settings',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: 'Name the teams that play the change roles (each must exist)',
        description:
          'Defaults: cab (2 of it approve a high-risk change), ecab (the CAB stands in when it does not exist), ' +
          'change-managers. Approvals already asked keep their approvers; the next ones ask the new teams.',
        body: changeSettingsIn,
        response: { 200: changeSettingsOut, ...errorResponses },
      },
    },
    async (request) => saveChangeRoles(context.db, actorOf(principalOf(request), request.id), request.body),
  );
}
