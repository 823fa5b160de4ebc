// What the composition root (main.ts) hands to every module's routes and job handlers.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { type Background, createBackground } from './lib/background.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/registry.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  clock: Clock;
  metrics: Metrics;
  /** 32 bytes: encrypts stored secrets (provider credentials) and signs links. */
  secretKey: Buffer;
  providers: ProviderRegistry;
  /** Work started after answering (notifications of a committed change); stopped before the database closes. */
  background: Background;
}

export function createAppContext(options: {
  config: Config;
  database: Database;
  log: Logger;
  secretKey: Buffer;
  clock?: Clock | undefined;
  metrics?: Metrics | undefined;
}): AppContext {
  const clock = options.clock ?? systemClock;
  return {
    config: options.config,
    database: options.database,
    db: options.database.db,
    log: options.log,
    clock,
    metrics: options.metrics ?? createMetrics(),
    secretKey: options.secretKey,
    background: createBackground((error) => options.log.error({ err: error }, 'background task failed')),
    providers: createProviderRegistry({
      db: options.database.db,
      clock,
      databaseUrl: options.database.url,
      sandboxLatencyMs: options.config.sandboxLatencyMs,
    }),
  };
}
