// Event management's rules and holds over HTTP: binding rules (alerts → CIs), action rules,
// silences, maintenance windows, settings. Thin: validate, authorise, call one service function, map.
import { errorResponses, idParams, noContent } from '../../../shared/api/common.js';
import {
  actionRuleIn,
  actionRuleOut,
  actionRulesOut,
  bindingRuleIn,
  bindingRuleOut,
  bindingRulesOut,
  eventSettingsIn,
  eventSettingsOut,
  maintenanceIn,
  maintenanceOut,
  maintenancesOut,
  rebindOut,
  silenceIn,
  silenceOut,
  silencesOut,
} from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import { getAlert } from './alerts.service.js';
import { createBindingRule, deleteBindingRule, listBindingRules, rebindUnbound } from './binding.service.js';
import { maintenanceToApi, silencesToApi } from './events.view.js';
import { journalBarrier } from './journal.service.js';
import { actionRuleToApi, createActionRule, deleteActionRule, listActionRules } from './rules.service.js';
import { settingsOf, updateSettings } from './settings.service.js';
import {
  createMaintenance,
  createSilence,
  expireSilence,
  listMaintenance,
  listSilences,
} from './suppression.service.js';

const tags = ['events'];

function bindingRuleToApi(row: Awaited<ReturnType<typeof listBindingRules>>[number]) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    label: row.label,
    pattern: row.pattern,
    target: row.target,
    class: row.classKey,
    by: row.by,
    externalSource: row.externalSource,
    stripPort: row.stripPort,
    integration: row.integrationId,
  };
}

export function eventRuleRoutes(app: App, context: AppContext): void {
  const actor = (request: Parameters<typeof principalOf>[0]) => actorOf(principalOf(request), request.id);

  app.get(
    '/api/v1/alert-binding-rules',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'How alerts find their CI and service, in order',
        response: { 200: bindingRulesOut, ...errorResponses },
      },
    },
    async () => (await listBindingRules(context.db)).map(bindingRuleToApi),
  );

  app.post(
    '/api/v1/alert-binding-rules',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Add a binding rule',
        body: bindingRuleIn,
        response: { 201: bindingRuleOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(bindingRuleToApi(await createBindingRule(context.db, actor(request), request.body))),
  );

  app.delete(
    '/api/v1/alert-binding-rules/:id',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Remove a binding rule',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteBindingRule(context.db, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/alert-binding-rules/apply',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Apply the rules again to the open unbound alerts',
        response: { 200: rebindOut, ...errorResponses },
      },
    },
    async (request) => {
      await journalBarrier(context);
      return rebindUnbound(context.db, actor(request));
    },
  );

  app.get(
    '/api/v1/alert-rules',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Action rules, in order (after them, the built-in default)',
        response: { 200: actionRulesOut, ...errorResponses },
      },
    },
    async () => (await listActionRules(context.db)).map(actionRuleToApi),
  );

  app.post(
    '/api/v1/alert-rules',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Add an action rule',
        body: actionRuleIn,
        response: { 201: actionRuleOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(actionRuleToApi(await createActionRule(context.db, actor(request), request.body))),
  );

  app.delete(
    '/api/v1/alert-rules/:id',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Remove an action rule',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteActionRule(context.db, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/silences',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Silences, latest ending first',
        response: { 200: silencesOut, ...errorResponses },
      },
    },
    async () => silencesToApi(context, await listSilences(context.db)),
  );

  app.post(
    '/api/v1/silences',
    {
      config: { permission: 'events:work' },
      schema: {
        tags,
        summary: 'Silence alerts by label matchers, by CI, or like one alert, until endsAt',
        body: silenceIn,
        response: { 201: silenceOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      let matchers = body.matchers;
      if (body.alert) {
        const alert = await getAlert(context, body.alert);
        matchers = [
          ...matchers,
          ...Object.entries(alert.labels).map(([label, value]) => ({ label, value, regex: false })),
        ];
      }
      const row = await createSilence(context, actor(request), { ...body, matchers });
      return reply.status(201).send((await silencesToApi(context, [row]))[0]!);
    },
  );

  app.delete(
    '/api/v1/silences/:id',
    {
      config: { permission: 'events:work' },
      schema: {
        tags,
        summary: 'End a silence now',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await expireSilence(context, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/maintenance-windows',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Declared maintenance windows',
        response: { 200: maintenancesOut, ...errorResponses },
      },
    },
    async () => maintenanceToApi(context, await listMaintenance(context.db)),
  );

  app.post(
    '/api/v1/maintenance-windows',
    {
      config: { permission: 'events:work' },
      schema: {
        tags,
        summary:
          'Declare maintenance of CIs: their alerts (and, by choice, their dependents’) are recorded but open no incident',
        body: maintenanceIn,
        response: { 201: maintenanceOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createMaintenance(context, actor(request), request.body);
      return reply.status(201).send((await maintenanceToApi(context, [row]))[0]!);
    },
  );

  app.get(
    '/api/v1/event-settings',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Flapping, retention and dead-letter settings',
        response: { 200: eventSettingsOut, ...errorResponses },
      },
    },
    async () => settingsOf(context.db),
  );

  app.patch(
    '/api/v1/event-settings',
    {
      config: { permission: 'events:admin' },
      schema: {
        tags,
        summary: 'Change event settings',
        body: eventSettingsIn,
        response: { 200: eventSettingsOut, ...errorResponses },
      },
    },
    async (request) => updateSettings(context.db, actor(request), request.body),
  );
}
