import { errorResponses } from '../../../../shared/api/common.js';
import {
  eventParams,
  templateIn,
  templateListOut,
  templateOut,
  templatePreviewIn,
  templatePreviewOut,
} from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { notFound } from '../../../lib/errors.js';
import { actorOf, principalOf } from '../../identity/index.js';
import { isNotificationEvent, type NotificationEvent } from '../pipeline/events.js';
import { defaultTemplates } from './defaults/index.js';
import { previewTemplate } from './preview.service.js';
import { listTemplates, resetTemplate, saveTemplate, templateFor } from './templates.service.js';

const tags = ['notifications (admin)'];
const config = { permission: 'notifications:admin' as const };

function eventOf(value: string): NotificationEvent {
  if (!isNotificationEvent(value)) throw notFound(`The event ${value}`);
  return value;
}

async function out(context: AppContext, event: NotificationEvent) {
  const found = await templateFor(context.db, event);
  return { event, ...found, default: defaultTemplates[event] };
}

export function templateRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/admin/notifications/templates',
    {
      config,
      schema: {
        tags,
        summary: 'Every event with a template, and whether it is customised',
        response: { 200: templateListOut },
      },
    },
    async () => listTemplates(context.db),
  );

  app.get(
    '/api/v1/admin/notifications/templates/:event',
    { config, schema: { tags, params: eventParams, response: { 200: templateOut, ...errorResponses } } },
    async (request) => out(context, eventOf(request.params.event)),
  );

  app.put(
    '/api/v1/admin/notifications/templates/:event',
    {
      config,
      schema: {
        tags,
        summary: 'Save a template (Liquid, strict): a broken one is refused with the line and the reason',
        params: eventParams,
        body: templateIn,
        response: { 200: templateOut, ...errorResponses },
      },
    },
    async (request) => {
      const event = eventOf(request.params.event);
      await saveTemplate(
        context.db,
        actorOf(principalOf(request), request.id),
        event,
        request.body,
        context.clock.now(),
      );
      return out(context, event);
    },
  );

  app.delete(
    '/api/v1/admin/notifications/templates/:event',
    {
      config,
      schema: {
        tags,
        summary: 'Go back to the default template',
        params: eventParams,
        response: { 200: templateOut },
      },
    },
    async (request) => {
      const event = eventOf(request.params.event);
      await resetTemplate(context.db, actorOf(principalOf(request), request.id), event);
      return out(context, event);
    },
  );

  app.post(
    '/api/v1/admin/notifications/templates/:event/preview',
    {
      config,
      schema: {
        tags,
        summary:
          "Render a template (the stored one, or `template` as being edited) against a real ticket's context, an incident communication, or the sample",
        params: eventParams,
        body: templatePreviewIn,
        response: { 200: templatePreviewOut, ...errorResponses },
      },
    },
    async (request) =>
      previewTemplate(context, principalOf(request), eventOf(request.params.event), request.body),
  );
}
