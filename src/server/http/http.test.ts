// Bad input of every kind gets a 4xx in the one envelope, never a 500 (foundation issue).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/harness.js';

let t: TestApp;
let adminToken: string;

beforeAll(async () => {
  t = await startTestApp({ config: { OPSDESK_BODY_LIMIT: '2048' } });
  adminToken = await t.login('admin@opsdesk.local');
});
afterAll(() => t.close());

function expectEnvelope(body: any, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe('error envelope', () => {
  it('malformed JSON is a 400 invalid_json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: '{"email": "x@y.z",',
    });
    expect(response.statusCode).toBe(400);
    expectEnvelope(response.json(), 'invalid_json');
  });

  it('wrong types name the field', async () => {
    const response = await t.api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'new@opsdesk.local', displayName: 42 },
    });
    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'validation_failed');
    expect(response.body.error.message).toContain('body.displayName');
    expect(response.body.error.details).toEqual([
      { field: 'body.displayName', message: expect.stringContaining('string') },
    ]);
  });

  it('unknown fields are refused, naming them', async () => {
    const response = await t.api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'new@opsdesk.local', displayName: 'New', isRoot: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'body.isRoot', message: 'unknown field' }]);
  });

  it('an oversized body is a 413', async () => {
    const response = await t.api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'new@opsdesk.local', displayName: 'x'.repeat(5000) },
    });
    expect(response.status).toBe(413);
    expectEnvelope(response.body, 'payload_too_large');
  });

  it('a body that is not JSON is a 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/xml' },
      payload: '<user/>',
    });
    expect(response.statusCode).toBe(415);
    expectEnvelope(response.json(), 'unsupported_media_type');
  });

  it('a missing token is a 401, before the body is even looked at', async () => {
    const response = await t.api('POST', '/api/v1/users', { body: { nonsense: true } });
    expect(response.status).toBe(401);
    expectEnvelope(response.body, 'unauthorized');
  });

  it('an unknown token is a 401 invalid_token; a malformed header says how it should look', async () => {
    expect((await t.api('GET', '/api/v1/me', { token: 'ods_nope' })).body.error.code).toBe('invalid_token');
    const malformed = await t.api('GET', '/api/v1/me', { headers: { authorization: 'Token abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.message).toContain('Bearer');
  });

  it('unknown routes are a 404 in the envelope', async () => {
    const response = await t.api('GET', '/api/v1/nothing-here', { token: adminToken });
    expect(response.status).toBe(404);
    expectEnvelope(response.body, 'not_found');
  });

  it('a bad path parameter is a 400, not a database error', async () => {
    const response = await t.api('GET', '/api/v1/users/not-a-uuid', { token: adminToken });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('params.id');
  });

  it('every response carries a request id', async () => {
    const response = await t.api('GET', '/healthz');
    expect(response.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });
});

describe('health, metrics, OpenAPI', () => {
  it('readyz answers 200 when the database and queue are reachable', async () => {
    expect((await t.api('GET', '/readyz')).status).toBe(200);
  });

  it('metrics are Prometheus text with HTTP and job metrics', async () => {
    await t.api('GET', '/healthz');
    const response = await t.api('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.body).toContain(
      'opsdesk_http_requests_total{method="GET",route="/healthz",status="200"}',
    );
    expect(response.body).toContain('# TYPE opsdesk_job_pickup_latency_seconds histogram');
    expect(response.body).toContain('# TYPE opsdesk_job_queue_jobs gauge');
  });

  it('the OpenAPI 3.1 document describes the API with its error envelope', async () => {
    const response = await t.api('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const login = response.body.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(login.responses['401'].content['application/json'].schema.properties.error).toBeDefined();
  });

  it('the browsable docs are served', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
    // Its assets come through @fastify/static (pinned to a release that supports Node 20).
    const css = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });
});
