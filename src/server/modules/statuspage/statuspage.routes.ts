// The public status page (no sign-in): /status, /status/history, /status/incidents/{key},
// /status/feed.atom and /status/summary.json (also at Statuspage's /api/v2/summary.json), served
// from the process's snapshot with ETags; and /api/v1/status, every service for signed-in people.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { internalStatusOut, statusIncidentParams } from '../../../shared/api/statuspage.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { principalOf } from '../identity/index.js';
import { publishedIncidents } from '../incidents/index.js';
import { atomFeed } from './atom.js';
import { type Rendered, StatusPageCache } from './cache.js';
import { historyPageHtml, incidentPageHtml, notFoundHtml, statusPageHtml } from './page.js';
import { internalStatus } from './statuspage.service.js';
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
