// The public status page (no sign-in): /status, /status/history, /status/incidents/{key},
// /status/feed.atom and /status/summary.json (also at Statuspage's /api/v2/summary.json), served
// from the process's snapshot with ETags; and /api/v1/status, every service for signed-in people.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  internalStatusOut,
  statusIncidentParams,
  statusLinkParams,
  statusSubscriptionIn,
  statusSubscriptionOut,
} from '../../../shared/api/statuspage.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import { publishedIncidents } from '../incidents/index.js';
import { atomFeed } from './atom.js';
import { type Rendered, StatusPageCache } from './cache.js';
import { historyPageHtml, incidentPageHtml, notFoundHtml, statusPageHtml } from './page.js';
import { internalStatus } from './statuspage.service.js';
import { confirmFormHtml, noticeHtml, subscribeFormHtml, unsubscribeFormHtml } from './subscribers.pages.js';
import {
  confirm,
  confirmationOf,
  SubscribeLimiter,
  subscribe,
  subscribeAnswer,
  unsubscribe,
  unsubscriptionOf,
} from './subscribers.service.js';
import { pageName, summaryOut } from './summary.view.js';

const htmlHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

function send(request: FastifyRequest, reply: FastifyReply, rendered: Rendered, type: string) {
  reply.headers({
    ...htmlHeaders,
    'content-type': type,
    etag: rendered.etag,
    // Clients revalidate (a 304 costs nothing); the server's copy is dropped on every change.
    'cache-control': 'public, max-age=0, must-revalidate',
  });
  reply.header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === rendered.etag) return reply.status(304).send();
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
    return reply.header('content-encoding', 'gzip').send(rendered.gzipped());
  return reply.send(rendered.body);
}

export async function statuspageRoutes(app: App, context: AppContext): Promise<void> {
  const cache = new StatusPageCache(context);
  app.addHook('onClose', () => cache.close());
  const name = pageName;
  const options = { publicUrl: context.config.publicUrl, name };
  const summary = (request: FastifyRequest, reply: FastifyReply) =>
    cache
      .render('summary', (snapshot) => JSON.stringify(summaryOut(snapshot, options)))
      .then((rendered) => {
        reply.header('access-control-allow-origin', '*');
        return send(request, reply, rendered, 'application/json; charset=utf-8');
      });

  app.get('/status', { schema: { hide: true } }, async (request, reply) =>
    send(
      request,
      reply,
      await cache.render('page', (snapshot) => statusPageHtml(snapshot, name)),
      htmlHeaders['content-type'],
    ),
  );
  app.get('/status/summary.json', { schema: { hide: true } }, summary);
  app.get('/api/v2/summary.json', { schema: { hide: true } }, summary);
  app.get('/status/history', { schema: { hide: true } }, async (request, reply) =>
    send(
      request,
      reply,
      await cache.render('history', (snapshot) => historyPageHtml(snapshot, name)),
      htmlHeaders['content-type'],
    ),
  );
  app.get('/status/feed.atom', { schema: { hide: true } }, async (request, reply) =>
    send(
      request,
      reply,
      await cache.render('atom', (snapshot) => atomFeed(snapshot, options)),
      'application/atom+xml; charset=utf-8',
    ),
  );
  app.get(
    '/status/incidents/:key',
    { schema: { hide: true, params: statusIncidentParams } },
    async (request, reply) => {
      const snapshot = await cache.snapshot();
      const key = request.params.key.toUpperCase();
      const incident =
        snapshot.history.find((candidate) => candidate.key === key) ??
        (await publishedIncidents(context.db, { keys: [key] }))[0];
      reply.headers({ ...htmlHeaders, 'cache-control': 'no-cache' });
      if (!incident) return reply.status(404).send(notFoundHtml(name));
      return reply.send(incidentPageHtml(incident, snapshot, name));
    },
  );

  await app.register(async (plugin) =>
    subscriptionRoutes(plugin.withTypeProvider<ZodTypeProvider>(), context, cache),
  );

  app.get(
    '/api/v1/status',
    {
      config: { permission: 'services:read' },
      schema: {
        tags: ['status page'],
        summary: 'The status of every service (internal ones too) for signed-in people',
        response: { 200: internalStatusOut },
      },
    },
    async (request) => internalStatus(context, principalOf(request)),
  );
}

/**
 * Subscriptions without an account: the form (/status/subscribe), the request (JSON or the form's
 * post), and the signed confirm and unsubscribe links (GET shows a button, POST acts; an RFC 8058
 * one-click POST unsubscribes too). Their own scope: the only status routes taking form posts.
 */
async function subscriptionRoutes(app: App, context: AppContext, cache: StatusPageCache) {
  const limiter = new SubscribeLimiter();
  const name = pageName;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 50_000 },
    (_request, body, done) => {
      const form = new URLSearchParams(String(body));
      const fields: Record<string, string | string[]> = {};
      for (const key of new Set(form.keys())) {
        const values = form.getAll(key).filter((value) => value !== '');
        if (values.length === 0) continue;
        fields[key] = key === 'components' ? values : values[0]!;
      }
      done(null, fields);
    },
  );
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .headers({ ...htmlHeaders, 'cache-control': 'no-store', 'x-frame-options': 'DENY' })
      .send(body);

  app.get('/status/subscribe', { schema: { hide: true } }, async (_request, reply) =>
    html(reply, 200, subscribeFormHtml((await cache.snapshot()).components, name)),
  );
  app.post(
    '/status/subscriptions',
    {
      schema: {
        tags: ['status page'],
        summary: 'Subscribe to status page updates by email or chat webhook (double opt-in; no sign-in)',
        body: statusSubscriptionIn,
        response: { 202: statusSubscriptionOut },
      },
    },
    async (request, reply) => {
      limiter.check(request.ip, Date.now());
      await subscribe(context, request.body);
      if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        return html(reply, 202, noticeHtml('Check your inbox', subscribeAnswer, name));
      return reply.status(202).send({ message: subscribeAnswer });
    },
  );
  const confirmPath = '/status/subscriptions/confirm/*';
  app.get(confirmPath, { schema: { hide: true, params: statusLinkParams } }, async (request, reply) => {
    const checked = await confirmationOf(context, request.params['*']);
    if (!checked.ok) return html(reply, checked.status, noticeHtml('Subscription', checked.message, name));
    return html(reply, 200, confirmFormHtml(request.url, checked.components, name));
  });
  app.post(confirmPath, { schema: { hide: true, params: statusLinkParams } }, async (request, reply) => {
    const done = await confirm(context, request.params['*']);
    if (!done.ok) return html(reply, done.status, noticeHtml('Subscription', done.message, name));
    return html(
      reply,
      200,
      noticeHtml('Subscribed', `You will receive updates about ${done.components}.`, name),
    );
  });
  const unsubscribePath = '/status/unsubscribe/*';
  app.get(unsubscribePath, { schema: { hide: true, params: statusLinkParams } }, async (request, reply) => {
    const checked = await unsubscriptionOf(context, request.params['*']);
    if (!checked.ok) return html(reply, checked.status, noticeHtml('Unsubscribe', checked.message, name));
    return html(reply, 200, unsubscribeFormHtml(request.url, checked.components, name));
  });
  app.post(unsubscribePath, { schema: { hide: true, params: statusLinkParams } }, async (request, reply) => {
    const done = await unsubscribe(context, request.params['*']);
    if (!done.ok) return html(reply, done.status, noticeHtml('Unsubscribe', done.message, name));
    return html(
      reply,
      200,
      noticeHtml('Unsubscribed', 'You will not receive status updates any more.', name),
    );
  });
}
