// The public status page is served from memory: one snapshot per process, its renderings kept
// beside it. A change to incidents, their services or updates, or to CIs NOTIFYs
// `opsdesk_status_page` (a trigger, see the migration) and every serve process drops its snapshot;
// a time limit covers what no row change announces (a maintenance window starting).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import type { AppContext } from '../../context.js';
import { buildSnapshot, type Snapshot } from './snapshot.service.js';

export const statusChannel = 'opsdesk_status_page';

export interface Rendered {
  body: string;
  etag: string;
  /** The body gzipped once per snapshot (a page of 200 components shrinks about tenfold). */
  gzipped(): Buffer;
}

interface Entry {
  snapshot: Snapshot;
  builtAt: number;
  rendered: Map<string, Rendered>;
}

export class StatusPageCache {
  private entry: Entry | null = null;
  private building: Promise<Entry> | null = null;
  private generation = 0;
  private client: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  builds = 0;

  constructor(
    private readonly context: AppContext,
    private readonly ttlMs = 30_000,
  ) {}

  /** Forgets the snapshot (a change was announced, or this process made one). */
  invalidate(): void {
    this.generation++;
    this.entry = null;
  }

  async render(name: string, render: (snapshot: Snapshot) => string): Promise<Rendered> {
    const entry = await this.current();
    let rendered = entry.rendered.get(name);
    if (!rendered) {
      const body = render(entry.snapshot);
      let gzipped: Buffer | undefined;
      rendered = {
        body,
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
        gzipped: () => {
          gzipped ??= gzipSync(body);
          return gzipped;
        },
      };
      entry.rendered.set(name, rendered);
    }
    return rendered;
  }

  async snapshot(): Promise<Snapshot> {
    return (await this.current()).snapshot;
  }

  private async current(): Promise<Entry> {
    await this.listen();
    const now = Date.now();
    if (this.entry && now - this.entry.builtAt < this.ttlMs) return this.entry;
    if (!this.building) {
      const generation = this.generation;
      this.building = (async () => {
        try {
          const snapshot = await buildSnapshot(this.context.db, this.context.clock.now());
          this.builds++;
          const entry = { snapshot, builtAt: Date.now(), rendered: new Map() };
          // A change announced while building makes this snapshot stale at birth: serve it once, keep it not.
          if (generation === this.generation) this.entry = entry;
          return entry;
        } finally {
          this.building = null;
        }
      })();
    }
    return this.building;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.listening ??= (async () => {
      const client = new pg.Client({
        connectionString: this.context.database.url,
        application_name: 'opsdesk-status',
      });
      client.on('notification', () => this.invalidate());
      client.on('error', (error) => {
        this.context.log.warn({ err: error }, 'status page listener lost; serving with the time limit only');
        this.client = null;
        this.retryLater();
        this.invalidate();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${statusChannel}`);
        if (this.closed) await client.end();
        else this.client = client;
      } catch (error) {
        this.context.log.warn({ err: error }, 'status page listener failed to start');
        this.retryLater();
        await client.end().catch(() => undefined);
      }
    })();
    return this.listening;
  }

  /** Serves on the time limit alone for a while, then tries to listen again. */
  private retryLater(): void {
    setTimeout(() => {
      this.listening = null;
    }, this.ttlMs).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listening?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
