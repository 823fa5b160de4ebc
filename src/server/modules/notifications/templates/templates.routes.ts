// Admins edit the template of each event, with a live preview against a real ticket.
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { App } from '../../../http/app.js';
import { errorResponses } from '../../../http/schemas.js';
import { notFound } from '../../../lib/errors.js';
import { notificationTemplateSchema } from '../../../lib/templates.js';
import { actorOf, principalOf } from '../../identity/index.js';
import { isNotificationEvent, type NotificationEvent, notificationEvents } from '../pipeline/events.js';
import { defaultTemplates } from './defaults/index.js';
import { previewTemplate } from './preview.service.js';
import { listTemplates, resetTemplate, saveTemplate, templateFor } from './templates.service.js';

const tags = ['notifications (admin)'];
const config = { permission: 'notifications:admin' as const };
const eventParam = z.object({ event: z.enum(notificationEvents as [string, ...string[]]) });

const templateOut = z.object({
  event: z.string(),
  customised: z.boolean(),
  updatedAt: z.date().nullable(),
  updatedBy: z.string().nullable(),
  template: notificationTemplateSchema,
  default: notificationTemplateSchema,
});
const problem = z.object({
  part: z.enum(['subject', 'html', 'text']),
  kind: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
});

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
        response: {
          200: z.array(
            z.object({
              event: z.string(),
              label: z.string(),
              description: z.string(),
              audience: z.string(),
              customised: z.boolean(),
              updatedAt: z.date().nullable(),
            }),
          ),
        },
      },
    },
    async () => listTemplates(context.db),
  );

  app.get(
    '/api/v1/admin/notifications/templates/:event',
    { config, schema: { tags, params: eventParam, response: { 200: templateOut, ...errorResponses } } },
    async (request) => out(context, eventOf(request.params.event)),
  );

  app.put(
    '/api/v1/admin/notifications/templates/:event',
    {
      config,
      schema: {
        tags,
        summary: 'Save a template (Liquid, strict): a broken one is refused with the line and the reason',
        params: eventParam,
        body: notificationTemplateSchema.strict(),
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
        params: eventParam,
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
        params: eventParam,
        body: z
          .object({
            ticketKey: z
              .string()
              .regex(/^[A-Za-z]+-\d+$/)
              .optional(),
            communicationId: z.uuid().optional(),
            template: notificationTemplateSchema.optional(),
          })
          .strict(),
        response: {
          200: z.object({
            source: z.enum(['ticket', 'incident', 'sample']),
            rendered: z.object({ subject: z.string(), html: z.string(), text: z.string() }).nullable(),
            problems: z.array(problem),
            notes: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      previewTemplate(context, principalOf(request), eventOf(request.params.event), request.body),
  );
}
