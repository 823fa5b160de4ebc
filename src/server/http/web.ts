// Serves the built web app (dist/web, from `vite build`) at `/`: hashed assets cached for a year,
// index.html for every other page URL (client-side routes), never for /api, /metrics and the like.
// Without a build (tests, `npm run dev` where Vite serves the pages) `/` says how to get one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../lib/paths.js';

const serverPaths = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;

/** Content-Security-Policy of the pages: everything from our own origin, styles inline (Mantine). */
const pageCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;
const pageFallbacks = new WeakMap<FastifyInstance, PageFallback>();

/**
 * For a URL no route serves: the web app's index.html when it is a page URL of the built app
 * (client-side routes) asked for by a browser, else null (the caller answers 404).
 */
export function pageFallback(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  return pageFallbacks.get(app)?.(request, reply) ?? null;
}

export function webRoot(): string {
  return join(packageRoot(), 'dist', 'web');
}

export async function registerWeb(app: FastifyInstance, root = webRoot()): Promise<boolean> {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'The web app is not built: run `npm run build` (or `npm run dev` for Vite). The API is at /api/v1.',
        ),
    );
    return false;
  }
  const index = readFileSync(indexPath);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    decorateReply: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(response, path) {
      response.setHeader(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', pageCsp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(index);
  app.get('/', { schema: { hide: true } }, sendIndex);
  // Page URLs are answered by the not-found handler (`pageFallback`), not by a `/*` route: a
  // catch-all route would also catch what the router refuses (an over-long path parameter, 414).
  pageFallbacks.set(app, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (serverPaths.test(path) || path.startsWith('/assets/') || !wantsPage) return null;
    return sendIndex(request, reply);
  });
  return true;
}
