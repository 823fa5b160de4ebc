// The event console's live list: intake and correlation NOTIFY `opsdesk_alert_events` in their
// transactions (once per message, not per alert); each serve process keeps one LISTEN connection
// and writes `event: alerts` to the console streams, which refetch.
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Queryable } from '../../db/client.js';

export const alertEventChannel = 'opsdesk_alert_events';

/** Tells the consoles that alerts changed (delivered when the transaction commits). */
export async function notifyAlerts(tx: Queryable, count: number): Promise<void> {
  await tx.execute(sql`select pg_notify(${alertEventChannel}, ${JSON.stringify({ count })})`);
}

export class AlertEventHub {
  private readonly streams = new Set<ServerResponse>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  async subscribe(response: ServerResponse): Promise<() => void> {
    await this.listen();
    this.streams.add(response);
    return () => this.streams.delete(response);
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.databaseUrl,
        application_name: 'opsdesk-alerts',
      });
      client.on('notification', (message) => {
        if (message.channel !== alertEventChannel) return;
        const frame = `event: alerts\ndata: ${message.payload ?? '{}'}\n\n`;
        for (const stream of this.streams) stream.write(frame);
      });
      client.on('error', (error) => {
        this.log.warn({ err: error }, 'alert stream connection lost; reconnecting');
        this.client = null;
        client.end().catch(() => undefined);
        if (!this.closed && this.streams.size > 0) setTimeout(() => void this.listen(), 1000);
      });
      await client.connect();
      await client.query(`listen ${alertEventChannel}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await this.client?.end().catch(() => undefined);
  }
}
