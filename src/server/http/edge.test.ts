// What arrives at the edge that PostgreSQL or the stack cannot take, and what Fastify or Node
// answer before a route runs: always a 4xx in the one envelope, naming the field (issue 16,
// findings 4, 7 and 9).
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/harness.js';

let t: TestApp;
let admin: string;
let requester: string;
let port: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@opsdesk.local');
  requester = await t.login('dev@opsdesk.local');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => t.close());

function expectFieldRefused(response: { status: number; body: any }, field: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.details).toEqual([{ field, message: expect.any(String) }]);
  expect(response.body.error.message).toContain(field);
}

describe('strings PostgreSQL cannot store', () => {
  it('a NUL byte in a body string is a 400 naming the field', async () => {
    const response = await t.api('POST', '/api/v1/me/tokens', {
      token: requester,
      body: { name: 'my\u0000token' },
    });
    expectFieldRefused(response, 'body.name');
  });

  it('a NUL byte in a nested body string (a request field) is a 400 naming the field', async () => {
    const response = await t.api('POST', '/api/v1/requests', {
      token: requester,
      body: { requestType: 'start-request-only-staging', fields: { environment: 'bugfix\u0000' } },
    });
    expectFieldRefused(response, 'body.fields.environment');
  });

  it('a NUL byte in an object key is refused too', async () => {
    const response = await t.api('POST', '/api/v1/requests', {
      token: requester,
      body: { requestType: 'start-request-only-staging', fields: { environment: 'bugfix1x2', 'a\u0000': 1 } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toMatch(/^body\.fields\./);
  });

  it('a NUL byte in a query parameter is a 400 naming it', async () => {
    const response = await t.api('GET', '/api/v1/tickets?q=a%00b', { token: requester });
    expectFieldRefused(response, 'query.q');
  });

  it('a NUL byte in a path parameter is a 400 naming it', async () => {
    const response = await t.api('GET', '/api/v1/environments/a%00b', { token: requester });
    expectFieldRefused(response, 'params.name');
  });

  it('a lone surrogate in a comment is a 400 (not stored as a replacement character)', async () => {
    const filed = await t.api('POST', '/api/v1/requests', {
      token: requester,
      body: { requestType: 'start-request-only-staging', fields: { environment: 'bugfix1x2' } },
    });
    const response = await t.api('POST', `/api/v1/tickets/${filed.body.key ?? 'REQ-1'}/comments`, {
      token: requester,
      body: { body: 'half a pair: \udc00' },
    });
    expectFieldRefused(response, 'body.body');
  });
});

describe('nesting depth of free-form JSON', () => {
  it('a 5,000-level nested attributes object is a 400 naming the field, not a stack overflow', async () => {
    // Sent as text: building it with JSON.stringify would overflow the test's own stack.
    const attributes = `${'{"a":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/environments',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: `{"name":"deep-one","provider":"sandbox","attributes":${attributes}}`,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details[0].field).toMatch(/^body\.attributes\.a\.a/);
  });

  it('a sandbox table name with a space is a 400 naming it, not an untyped error', async () => {
    const response = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: {
        name: 'spaced-tables',
        provider: 'sandbox',
        databases: [{ engine: 'postgres', name: 'app', tables: { 'my table': 3 } }],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.databases.0.tables.my table');
  });

  it('ordinary nesting is accepted', async () => {
    const response = await t.api('POST', '/api/v1/environments', {
      token: admin,
      body: { name: 'shallow-one', provider: 'sandbox', attributes: { a: { b: { c: [1, { d: 'e' }] } } } },
    });
    expect(response.status).toBe(201);
  });
});

/** Sends raw bytes and returns the status and parsed body of the answer. */
function raw(request: string | Buffer): Promise<{ status: number; body: any; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4);
      let body: unknown = null;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = null;
      }
      resolve({ status, body, text });
    });
    socket.end(request);
  });
}

function expectEnvelope(response: { status: number; body: any; text: string }, status: number) {
  expect(response.status, response.text).toBe(status);
  expect(response.body, response.text).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
}

describe('answers Fastify and Node give before a route runs, in the envelope', () => {
  it('bad URL encoding is a 400', async () => {
    const response = await t.api('GET', '/api/v1/tickets/%E0%A4%A', { token: requester });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'bad_url', message: expect.any(String) } });
  });

  it('an over-long path parameter is a 414', async () => {
    const response = await t.api('GET', `/api/v1/tickets/${'x'.repeat(200)}`, { token: requester });
    expect(response.status).toBe(414);
    expect(response.body).toMatchObject({ error: { code: 'uri_too_long', message: expect.any(String) } });
  });

  it('oversized headers are a 431', async () => {
    const response = await raw(
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectEnvelope(response, 431);
  });

  it('malformed framing is a 400', async () => {
    const response = await raw(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    );
    expectEnvelope(response, 400);
  });

  it('a request line that is not HTTP is a 400', async () => {
    expectEnvelope(await raw('HELLO\r\n\r\n'), 400);
  });
});
