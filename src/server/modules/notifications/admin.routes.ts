// Admin settings of notifications: the SMTP server, chat webhooks, rules, and the delivery log.
import { errorResponses, idParams, noContent } from '../../../shared/api/common.js';
import {
  chatWebhookInput,
  chatWebhookListOut,
  chatWebhookOut,
  deliveryPageOut,
  deliveryQuery,
  emailSettingsOut,
  eventParams,
  eventRulesListOut,
  outcomeOut,
  ruleListOut,
  rulesIn,
  smtpSettingsInput,
} from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { notFound } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { listRules, replaceRules } from './audiences/rules.service.js';
import { sendChatWebhook } from './channels/chat.js';
import {
  chatWebhookSettings,
  createChatWebhook,
  deleteChatWebhook,
  listChatWebhooks,
} from './channels/chat-webhooks.service.js';
import { createEmailChannel } from './channels/email.js';
import {
  deleteSmtpSettings,
  loadSmtpSettings,
  redactSmtpSettings,
  saveSmtpSettings,
} from './channels/email-settings.service.js';
import type { DeliveryOutcome } from './channels/outcome.js';
import { allDeliveries } from './pipeline/deliveries.service.js';
import { isNotificationEvent } from './pipeline/events.js';

const tags = ['notifications (admin)'];
const config = { permission: 'notifications:admin' as const };
const describeOutcome = (outcome: DeliveryOutcome) => ({
  ok: outcome.status === 'sent',
  status: outcome.status,
  detail: outcome.status === 'sent' ? outcome.response : `${outcome.code}: ${outcome.reason}`,
});

/**
 * The SMTP test says whether it worked and, if not, only a class of failure: never what the
 * peer answered. Otherwise the button is a probe that reads any host's banner to the caller.
 */
const probeFailures: Partial<Record<string, string>> = {
  target_refused:
    'The SMTP host is not a public address, and private networks are not allowed (OPSDESK_ALLOW_PRIVATE_NETWORKS).',
  auth_failed: 'The SMTP server refused the user name or password.',
  tls_failed: 'The TLS connection to the SMTP server failed.',
  timeout: 'The SMTP server did not answer in time.',
  connection_failed: 'Could not connect to the SMTP server.',
};
const describeProbe = (outcome: DeliveryOutcome) =>
  outcome.status === 'sent'
    ? { ok: true, status: outcome.status, detail: 'connection and authentication succeeded' }
    : {
        ok: false,
        status: outcome.status,
        detail: `${outcome.code}: ${probeFailures[outcome.code] ?? 'The SMTP server did not accept the connection.'}`,
      };

export function adminNotificationRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/admin/notifications/email',
    {
      config,
      schema: {
        tags,
        summary: 'The SMTP settings, without the password',
        response: { 200: emailSettingsOut },
      },
    },
    async () => {
      const stored = await loadSmtpSettings(context);
      return { configured: Boolean(stored), settings: stored ? redactSmtpSettings(stored.settings) : null };
    },
  );

  app.put(
    '/api/v1/admin/notifications/email',
    {
      config,
      schema: {
        tags,
        summary:
          'Set the SMTP server (validated; the password is sealed; leave it out to keep the stored one)',
        body: smtpSettingsInput,
        response: { 200: emailSettingsOut, ...errorResponses },
      },
    },
    async (request) => ({
      configured: true,
      settings: await saveSmtpSettings(context, actorOf(principalOf(request), request.id), request.body),
    }),
  );

  app.delete(
    '/api/v1/admin/notifications/email',
    { config, schema: { tags, summary: 'Switch email off', response: { 204: noContent } } },
    async (request, reply) => {
      await deleteSmtpSettings(context, actorOf(principalOf(request), request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/admin/notifications/email/test',
    {
      config,
      schema: {
        tags,
        summary: 'Connect and sign in to the SMTP server (nothing is sent)',
        response: { 200: outcomeOut, ...errorResponses },
      },
    },
    async () => {
      const stored = await loadSmtpSettings(context);
      if (!stored) throw notFound('The SMTP configuration');
      const channel = createEmailChannel(stored.settings, {
        allowPrivateNetworks: context.config.allowPrivateNetworks,
      });
      try {
        return describeProbe(await channel.verify());
      } finally {
        channel.close();
      }
    },
  );

  app.get(
    '/api/v1/admin/notifications/chat-webhooks',
    { config, schema: { tags, response: { 200: chatWebhookListOut } } },
    async () => listChatWebhooks(context),
  );

  app.post(
    '/api/v1/admin/notifications/chat-webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Add a Discord, Slack or Teams incoming webhook (its URL is sealed)',
        body: chatWebhookInput,
        response: { 201: chatWebhookOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createChatWebhook(context, actorOf(principalOf(request), request.id), request.body)),
  );

  app.delete(
    '/api/v1/admin/notifications/chat-webhooks/:id',
    { config, schema: { tags, params: idParams, response: { 204: noContent, ...errorResponses } } },
    async (request, reply) => {
      await deleteChatWebhook(context, actorOf(principalOf(request), request.id), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/admin/notifications/chat-webhooks/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Post a test message',
        params: idParams,
        response: { 200: outcomeOut, ...errorResponses },
      },
    },
    async (request) => {
      const settings = await chatWebhookSettings(context, request.params.id);
      if (!settings) throw notFound('The chat webhook');
      const outcome = await sendChatWebhook(
        settings,
        {
          title: 'Opsdesk test message',
          text: 'Notifications from Opsdesk will appear in this channel.',
          url: context.config.publicUrl,
          linkLabel: 'Open Opsdesk',
          severity: 'info',
          facts: [],
          timestamp: context.clock.now().toISOString(),
        },
        { allowPrivateNetworks: context.config.allowPrivateNetworks },
      );
      return describeOutcome(outcome);
    },
  );

  app.get(
    '/api/v1/admin/notifications/rules',
    {
      config,
      schema: {
        tags,
        summary: 'Which events notify whom',
        response: { 200: eventRulesListOut },
      },
    },
    async () => listRules(context.db),
  );

  app.put(
    '/api/v1/admin/notifications/rules/:event',
    {
      config,
      schema: {
        tags,
        summary: "Replace an event's rules",
        params: eventParams,
        body: rulesIn,
        response: { 200: ruleListOut, ...errorResponses },
      },
    },
    async (request) => {
      const { event } = request.params;
      if (!isNotificationEvent(event)) throw notFound(`The event ${event}`);
      return replaceRules(context.db, actorOf(principalOf(request), request.id), event, request.body.rules);
    },
  );

  app.get(
    '/api/v1/admin/notifications/deliveries',
    {
      config,
      schema: {
        tags,
        summary: 'Every delivery, newest first',
        querystring: deliveryQuery,
        response: { 200: deliveryPageOut, ...errorResponses },
      },
    },
    async (request) => allDeliveries(context, request.query),
  );
}
