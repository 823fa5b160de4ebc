/// <reference types="vite/client" />
// The HTTP API is described once, in src/shared/api: every schema a route validates or serialises
// with is one of the contract's exports, and the vocabularies the server keeps for itself agree
// with the contract's.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as notifications from '../../shared/api/notifications.js';
import { createAppContext } from '../context.js';
import { connect, type Database } from '../db/client.js';
import { authenticator } from '../modules/identity/index.js';
import { routeModules } from '../modules/index.js';
import { notificationEvents } from '../modules/notifications/pipeline/events.js';
import { testConfig } from '../testing/harness.js';
import { type App, buildApp } from './app.js';

// Every file of the contract counts, so a new module's schemas are checked without editing this test.
const contract = Object.values(
  import.meta.glob<Record<string, unknown>>(['../../shared/api/*.ts', '!../../shared/api/*.test.ts'], {
    eager: true,
  }),
);
const exported = new Set<unknown>(contract.flatMap((module) => Object.values(module)));

describe('the API contract', () => {
  let app: App;
  let database: Database;
  const routes: { method: string | string[]; url: string; part: string; schema: unknown }[] = [];

  beforeAll(async () => {
    // Building the app does not touch the database (the pool connects on first use).
    database = connect('postgres://nobody@127.0.0.1:1/none');
    const context = createAppContext({
      config: testConfig(),
      database,
      log: pino({ level: 'silent' }),
      secretKey: Buffer.alloc(32, 7),
    });
    const recordSchemas = (instance: App) => {
      instance.addHook('onRoute', (route) => {
        const schema = route.schema as Record<string, unknown> | undefined;
        if (!schema) return;
        for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
          if (schema[part]) routes.push({ method: route.method, url: route.url, part, schema: schema[part] });
        }
        for (const [status, response] of Object.entries(schema.response ?? {})) {
          routes.push({ method: route.method, url: route.url, part: `response ${status}`, schema: response });
        }
      });
    };
    app = await buildApp(context, [recordSchemas, ...routeModules], {
      authenticate: authenticator(context),
      logger: false,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('every route schema comes from src/shared/api', () => {
    expect(contract.length).toBeGreaterThan(15);
    expect(routes.length).toBeGreaterThan(100);
    const inline = routes
      .filter((route) => !exported.has(route.schema))
      .map((route) => `${route.method} ${route.url} ${route.part}`);
    expect(inline).toEqual([]);
  });

  it('knows the notification events the server defines, in its order', () => {
    expect([...notifications.notificationEvents]).toEqual(notificationEvents);
  });
});
