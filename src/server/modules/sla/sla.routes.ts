import { errorResponses, noContent, ticketKeyParams } from '../../../shared/api/common.js';
import {
  calendarListOut,
  calendarOut,
  calendarParams,
  calendarPreviewIn,
  calendarPreviewOut,
  calendarSchema,
  policyInputSchema,
  policyListOut,
  policyOut,
  policyParams,
  rebuildQueuedOut,
  ticketSlaOut,
} from '../../../shared/api/sla.js';
import type { AppContext } from '../../context.js';
import { withTransaction } from '../../db/client.js';
import type { App } from '../../http/app.js';
import { conflict } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { ticketForCaller } from '../tickets/index.js';
import { previewCalendar } from './calendar-preview.js';
import { SlaHistoryError } from './history.js';
import { computeTicketClocks } from './sla.clocks.js';
import { slaEventsOfTicket } from './sla.events.js';
import { slaJobs } from './sla.jobs.js';
import {
  deleteCalendar,
  deletePolicy,
  getCalendarView,
  getPolicyView,
  listCalendars,
  listPolicies,
  saveCalendar,
  savePolicy,
} from './sla.policies.js';
import { ticketSlaView } from './sla.view.js';

export function slaRoutes(app: App, context: AppContext): void {
  const { db } = context;
  const tags = ['sla'];

  app.get(
    '/api/v1/tickets/:key/sla',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags,
        summary:
          'Every SLA clock of a ticket, computed now from its history, with the intervals that counted and why',
        params: ticketKeyParams,
        response: { 200: ticketSlaOut, ...errorResponses },
      },
    },
    async (request) => {
      const { ticket } = await ticketForCaller(context, principalOf(request), request.params.key);
      const now = context.clock.now();
      try {
        const measured = await computeTicketClocks(db, ticket, now);
        return ticketSlaView(measured, await slaEventsOfTicket(db, ticket.id), now);
      } catch (error) {
        if (error instanceof SlaHistoryError) throw conflict(error.code, error.message);
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/sla/calendars',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags,
        summary: 'Working-time calendars',
        response: { 200: calendarListOut, ...errorResponses },
      },
    },
    async () => listCalendars(db),
  );

  app.post(
    '/api/v1/sla/calendars/preview',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        summary: 'Preview a calendar before saving it: working time between two times, and a goal’s breach',
        body: calendarPreviewIn,
        response: { 200: calendarPreviewOut, ...errorResponses },
      },
    },
    async (request) => previewCalendar(request.body),
  );

  app.get(
    '/api/v1/sla/calendars/:key',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags,
        params: calendarParams,
        response: { 200: calendarOut, ...errorResponses },
      },
    },
    async (request) => getCalendarView(db, request.params.key),
  );

  app.put(
    '/api/v1/sla/calendars/:key',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        summary: 'Create or replace a calendar (24x7 or business hours in a time zone, with holidays)',
        description: 'Replacing a calendar re-measures the tickets of every policy that uses it.',
        params: calendarParams,
        body: calendarSchema,
        response: { 200: calendarOut, 201: calendarOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(principalOf(request), request.id);
      const { created } = await saveCalendar(db, actor, request.params.key, request.body);
      return reply.status(created ? 201 : 200).send(await getCalendarView(db, request.params.key));
    },
  );

  app.delete(
    '/api/v1/sla/calendars/:key',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        params: calendarParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCalendar(db, actorOf(principalOf(request), request.id), request.params.key);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/sla/policies',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags,
        summary: 'SLA policies and the request types they measure',
        response: { 200: policyListOut, ...errorResponses },
      },
    },
    async () => listPolicies(db),
  );

  app.get(
    '/api/v1/sla/policies/:key',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags,
        params: policyParams,
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (request) => getPolicyView(db, request.params.key),
  );

  app.put(
    '/api/v1/sla/policies/:key',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        summary: 'Create or replace an SLA policy and the request types it applies to',
        description:
          'Metrics name a calendar by key (default 24x7). The tickets of the affected request types are ' +
          're-measured right after (open tickets first, with their warning and breach jobs rescheduled), and ' +
          'the catalog’s slaTargets of those types become the policy’s goals.',
        params: policyParams,
        body: policyInputSchema,
        response: { 200: policyOut, 201: policyOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(principalOf(request), request.id);
      const { created } = await savePolicy(db, actor, request.params.key, request.body);
      return reply.status(created ? 201 : 200).send(await getPolicyView(db, request.params.key));
    },
  );

  app.delete(
    '/api/v1/sla/policies/:key',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        params: policyParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deletePolicy(db, actorOf(principalOf(request), request.id), request.params.key);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/sla/rebuild',
    {
      config: { permission: 'sla:admin' },
      schema: {
        tags,
        summary: 'Re-measure every ticket from its history (the clocks the reports read), in the background',
        response: { 202: rebuildQueuedOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(principalOf(request), request.id);
      await withTransaction(db, actor, (tx) =>
        slaJobs.enqueue(tx, 'sla.recompute', { requestTypeIds: null, phase: 'open', after: null }),
      );
      return reply.status(202).send({ queued: true });
    },
  );
}
