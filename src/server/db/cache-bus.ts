// The cache bus: every process keeps a few rarely changing reads (lib/cache.ts); when one process
// clears a cache after its write commits, it announces it on one PostgreSQL channel and every other
// process on the database empties its caches. One LISTEN connection per process; announcements
// from one tick are sent as one NOTIFY. While the listener is down (the database restarted), the
// caches' own time limits bound staleness, and everything is forgotten again once it is back.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { addCacheAnnouncer, clearAllCaches } from '../lib/cache.js';
import type { Database } from './client.js';

export const cacheChannel = 'opsdesk_cache';

export interface CacheBus {
  close(): Promise<void>;
}

export async function startCacheBus(database: Database, log: Logger): Promise<CacheBus> {
  const self = randomUUID();
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: database.url, application_name: 'opsdesk-cache' });
    client.on('notification', (message) => {
      if (message.channel === cacheChannel && message.payload !== self) clearAllCaches();
    });
    client.on('error', (error) => {
      if (listener === client) listener = null;
      client.end().catch(() => undefined);
      if (closed) return;
      log.warn(
        { err: error },
        'cache bus connection lost; caches expire on their time limits until it is back',
      );
      clearAllCaches();
      listenLater();
    });
    await client.connect();
    await client.query(`listen ${cacheChannel}`);
    if (closed) {
      await client.end();
      return;
    }
    listener = client;
    // Whatever was announced while nobody listened here is forgotten.
    clearAllCaches();
  };
  const listenLater = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      listen().catch((error: unknown) => {
        log.warn({ err: error }, 'cache bus could not listen; trying again');
        listenLater();
      });
    }, 1000);
    retry.unref();
  };

  await listen();
  let queued = false;
  const removeAnnouncer = addCacheAnnouncer(() => {
    if (queued || closed) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      database.pool
        .query('select pg_notify($1, $2)', [cacheChannel, self])
        .catch((error: unknown) => log.warn({ err: error }, 'a cache change was not announced'));
    });
  });
  return {
    async close() {
      closed = true;
      removeAnnouncer();
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
    },
  };
}
