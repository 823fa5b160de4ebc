import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkErrors } from './edge.js';
import { pageFallback, registerWeb } from './web.js';

const root = mkdtempSync(join(tmpdir(), 'opsdesk-web-'));
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(root, 'assets', 'main-abc.js'), script);
writeFileSync(join(root, 'assets', 'main-abc.js.gz'), gzipSync(script));

const app = Fastify({ routerOptions: { maxParamLength: 100 }, frameworkErrors });
beforeAll(async () => {
  app.setNotFoundHandler((request, reply) => pageFallback(app, request, reply) ?? reply.code(404).send({}));
  app.get('/api/v1/thing', async () => ({ ok: true }));
  app.get('/api/v1/things/:id', async () => ({ ok: true }));
  await registerWeb(app, root);
  await app.ready();
});
afterAll(() => app.close());

describe('the built web app', () => {
  it('answers every page URL with the app, with a strict content security policy', async () => {
    for (const url of ['/', '/portal', '/tickets/REQ-12', '/admin/request-types/x?tab=fields']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('never answers API, health or asset URLs with the page', async () => {
    expect((await app.inject({ url: '/api/v1/thing' })).json()).toEqual({ ok: true });
    for (const url of ['/api/v1/nothing', '/api/v2', '/metrics/x', '/assets/missing.js']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(404);
    }
    // A script asking for a page URL (not a navigation) gets no HTML either.
    expect((await app.inject({ url: '/portal', headers: { accept: 'application/json' } })).statusCode).toBe(
      404,
    );
  });

  it('leaves what the router refuses to the router: an over-long path parameter is a 414, not a page', async () => {
    const response = await app.inject({
      url: `/api/v1/things/${'x'.repeat(200)}`,
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(414);
  });

  it('sends hashed assets compressed and cacheable for a year', async () => {
    const response = await app.inject({ url: '/assets/main-abc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.rawPayload.length).toBeLessThan(script.length / 4);
    const plain = await app.inject({ url: '/assets/main-abc.js' });
    expect(plain.body).toBe(script);
  });
});

describe('without a build', () => {
  it('says how to build the web app instead of failing', async () => {
    const bare = Fastify();
    await registerWeb(bare, join(root, 'nowhere'));
    const response = await bare.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    await bare.close();
  });
});
