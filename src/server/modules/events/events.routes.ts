// Event management's HTTP API (integrations, alerts, rules, silences, maintenance, dead letters,
// settings). Thin: validate, authorise, call one service function, map.
import { errorResponses, idParams } from '../../../shared/api/common.js';
import {
  alertActionIn,
  alertDetailOut,
  alertLinkIn,
  alertOut,
  alertsOut,
  alertsQuery,
  deadLettersOut,
  integrationIn,
  integrationOut,
  integrationPatchIn,
  integrationsOut,
  previewIn,
  previewOut,
  rotateIn,
} from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import { AlertEventHub } from './alerts.live.js';
import {
  acknowledge,
  alertHistory,
  alertsToApi,
  getAlert,
  linkToIncident,
  rootCauseOf,
  searchAlerts,
} from './alerts.service.js';
import { integrationToApi } from './events.view.js';
import { deadLetters } from './intake.service.js';
import {
  createIntegration,
  integrationView,
  listIntegrations,
  revokeKeys,
  rotateKey,
  updateIntegration,
} from './integrations.service.js';
import { journalBarrier } from './journal.service.js';
import { previewMapping } from './preview.js';

const tags = ['events'];

export function eventRoutes(app: App, context: AppContext): void {
  const hub = new AlertEventHub(context.database.url, context.log);
  app.addHook('preClose', () => hub.close());

  app.get(
    '/api/v1/alerts/stream',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Live updates of the event console (Server-Sent Events): `event: alerts` when alerts change',
      },
    },
    async (request, reply) => {
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const unsubscribe = await hub.subscribe(response);
      response.write('retry: 2000\n: connected\n\n');
      // Keeps proxies from closing an idle stream (a transport concern, not a scheduled job).
      const keepAlive = setInterval(() => response.write(': ping\n\n'), 25_000);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
    },
  );

  const actor = (request: Parameters<typeof principalOf>[0]) => actorOf(principalOf(request), request.id);
  const one = async (id: string) => (await alertsToApi(context, [await getAlert(context, id)]))[0]!;

  app.post(
    '/api/v1/integrations',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Add an integration; its answer carries the URL (with the key) to give the sending system',
        body: integrationIn,
        response: { 201: integrationOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const view = await createIntegration(context, actor(request), principal.user.id, request.body);
      return reply.status(201).send(integrationToApi(context, view));
    },
  );

  app.get(
    '/api/v1/integrations',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Integrations and their keys (hints only)',
        response: { 200: integrationsOut, ...errorResponses },
      },
    },
    async () => (await listIntegrations(context.db)).map((view) => integrationToApi(context, view)),
  );

  app.patch(
    '/api/v1/integrations/:id',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Rename, change the mapping of, enable or disable an integration',
        params: idParams,
        body: integrationPatchIn,
        response: { 200: integrationOut, ...errorResponses },
      },
    },
    async (request) =>
      integrationToApi(
        context,
        await updateIntegration(context, actor(request), request.params.id, request.body),
      ),
  );

  app.post(
    '/api/v1/integrations/:id/rotate',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'A new key (shown once in url); the old ones stop working now or after graceMinutes',
        params: idParams,
        body: rotateIn,
        response: { 200: integrationOut, ...errorResponses },
      },
    },
    async (request) =>
      integrationToApi(
        context,
        await rotateKey(context, actor(request), request.params.id, request.body.graceMinutes ?? 0),
      ),
  );

  app.post(
    '/api/v1/integrations/:id/revoke',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Revoke every key of the integration (deliveries get 401 until a rotation)',
        params: idParams,
        response: { 200: integrationOut, ...errorResponses },
      },
    },
    async (request) =>
      integrationToApi(context, await revokeKeys(context, actor(request), request.params.id)),
  );

  app.post(
    '/api/v1/integrations/preview',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Read a sample payload through a generic mapping, without storing anything',
        body: previewIn,
        response: { 200: previewOut, ...errorResponses },
      },
    },
    async (request) => previewMapping(request.body.mapping, request.body.sample, context.clock.now()),
  );

  app.get(
    '/api/v1/integrations/:id',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'One integration',
        params: idParams,
        response: { 200: integrationOut, ...errorResponses },
      },
    },
    async (request) => integrationToApi(context, await integrationView(context.db, request.params.id)),
  );

  app.get(
    '/api/v1/alerts',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Alerts, newest first, filtered by status, severity, service, CI, site, incident, unbound',
        querystring: alertsQuery,
        response: { 200: alertsOut, ...errorResponses },
      },
    },
    async (request) => {
      // Read-your-writes: deliveries answered before this read are alerts first.
      await journalBarrier(context);
      return alertsToApi(context, await searchAlerts(context, request.query));
    },
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary:
          'One alert with its raw payloads (occurrence history) and its incident’s probable root cause',
        params: idParams,
        response: { 200: alertDetailOut, ...errorResponses },
      },
    },
    async (request) => {
      await journalBarrier(context);
      const alert = await getAlert(context, request.params.id);
      const [out] = await alertsToApi(context, [alert]);
      const root = await rootCauseOf(context, alert.incidentId);
      return {
        ...out!,
        history: (await alertHistory(context, alert.id)).map((row) => ({
          id: row.id,
          at: row.at,
          status: row.status,
          payload: row.payload,
        })),
        rootCause: root ? { id: root.id, class: root.classKey, name: root.name } : null,
      };
    },
  );

  app.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      config: { permission: 'events:work' },
      schema: {
        tags,
        summary: 'Acknowledge an alert',
        params: idParams,
        body: alertActionIn,
        response: { 200: alertOut, ...errorResponses },
      },
    },
    async (request) => {
      await acknowledge(context, actor(request), principalOf(request).user.id, request.params.id);
      return one(request.params.id);
    },
  );

  app.post(
    '/api/v1/alerts/:id/incident',
    {
      config: { permission: 'events:work' },
      schema: {
        tags,
        summary: 'Link an alert to an incident by hand (it joins the incident’s timeline)',
        params: idParams,
        body: alertLinkIn,
        response: { 200: alertOut, ...errorResponses },
      },
    },
    async (request) => {
      await linkToIncident(context, actor(request), request.params.id, request.body.incident);
      return one(request.params.id);
    },
  );

  app.get(
    '/api/v1/alert-dead-letters',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Payloads refused as malformed (the newest, bounded)',
        response: { 200: deadLettersOut, ...errorResponses },
      },
    },
    async () =>
      (await deadLetters(context)).map((row) => ({
        id: row.id,
        integration: row.integration ? { id: row.integration.id, name: row.integration.name } : null,
        receivedAt: row.receivedAt,
        reason: row.reason,
        field: row.field,
        body: row.body,
      })),
  );
}
