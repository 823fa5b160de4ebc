// The server log holds neither SQL parameters nor the tokens of link URLs (issue 16, finding 8).
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../main.js';

const argon2Hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';

function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ logLevel: 'info' }, stream), text: () => lines.join('') };
}

describe('the log serializers', () => {
  it('a failed query is logged without its parameters', () => {
    const { log, text } = memoryLog();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    const error = new DrizzleQueryError(
      'insert into "users" ("email", "password_hash") values ($1, $2)',
      ['someone@opsdesk.local', argon2Hash],
      cause,
    );
    log.error({ err: error }, 'unhandled error');
    const logged = text();
    expect(logged).toContain('Failed query: insert into');
    expect(logged).toContain('duplicate key value');
    expect(logged).not.toContain('argon2id');
    expect(logged).not.toContain('someone@opsdesk.local');
  });

  it('request logs keep no one-click link token', async () => {
    const { log, text } = memoryLog();
    const app = Fastify({ loggerInstance: log });
    app.get('/a/*', async () => 'page');
    app.get('/u/*', async () => 'page');
    await app.inject({ method: 'GET', url: '/a/eyJ0aWNrZXQiOiJSRVEtMSJ9.c2lnbmF0dXJlLXNlY3JldA' });
    await app.inject({ method: 'GET', url: '/u/dW5zdWJzY3JpYmUtc2VjcmV0?x=1' });
    await app.close();
    const logged = text();
    expect(logged).toContain('"url":"/a/[redacted]"');
    expect(logged).toContain('"url":"/u/[redacted]?x=1"');
    expect(logged).not.toContain('c2lnbmF0dXJlLXNlY3JldA');
    expect(logged).not.toContain('dW5zdWJzY3JpYmUtc2VjcmV0');
  });
});
