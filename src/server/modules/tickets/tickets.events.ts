// Live updates: ticket events reach browsers over Server-Sent Events. Every change NOTIFYs
// `opsdesk_ticket_events` inside its transaction (delivered at commit); each serve process keeps
// one LISTEN connection and forwards each event to the subscribers allowed to see that ticket.
import type { ServerResponse } from 'node:http';
import pg from 'pg';
import type { Logger } from 'pino';
import { ticketEventChannel } from './lifecycle.js';
import type { Viewer } from './visibility.js';

/** A user-addressed event: something new in these people's in-app inbox. */
interface NotificationPayload {
  type: 'notification';
  userIds: string[];
}

export interface TicketEventPayload {
  type: string;
  ticketId: string;
  key: string;
  status: string;
  kind: string;
  requesterId: string;
  teamId: string | null;
  assigneeId: string | null;
  internal: boolean;
  /** Approvers, followers, incident roles …: they may see the ticket. */
  participantIds: string[];
}

interface Subscriber {
  viewer: Viewer;
  response: ServerResponse;
}

export function mayReceive(viewer: Viewer, event: TicketEventPayload): boolean {
  const user = viewer.principal.user;
  if (event.internal && !viewer.principal.permissions.has('ticket:comment:internal')) return false;
  if (
    user.role === 'admin' ||
    event.requesterId === user.id ||
    event.assigneeId === user.id ||
    event.participantIds.includes(user.id)
  )
    return true;
  return (
    viewer.principal.permissions.has('ticket:work') &&
    event.teamId !== null &&
    viewer.teamIds.includes(event.teamId)
  );
}

export class TicketEventHub {
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  /** The LISTEN connection was lost: events may have been missed until it is back. */
  private lost = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  async subscribe(viewer: Viewer, response: ServerResponse): Promise<() => void> {
    await this.listen();
    const subscriber = { viewer, response };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.databaseUrl,
        application_name: 'opsdesk-events',
      });
      client.on('notification', (message) => {
        if (message.channel === ticketEventChannel && message.payload) this.dispatch(message.payload);
      });
      client.on('error', (error) => {
        this.log.warn({ err: error }, 'live update connection lost; reconnecting');
        this.client = null;
        this.lost = true;
        client.end().catch(() => undefined);
        if (!this.closed && this.subscribers.size > 0) this.relisten();
      });
      await client.connect();
      await client.query(`listen ${ticketEventChannel}`);
      this.client = client;
      if (this.lost) {
        // Back after a gap: every open page refetches, for what changed while nobody listened.
        this.lost = false;
        for (const subscriber of this.subscribers)
          subscriber.response.write(
            'event: ticket\ndata: {"type":"resync"}\n\nevent: notification\ndata: {}\n\n',
          );
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Listens again in a second, and again after each failure, while anyone is subscribed. */
  private relisten(): void {
    setTimeout(() => {
      if (this.closed || this.subscribers.size === 0) return;
      this.listen().catch((error: unknown) => {
        this.log.warn({ err: error }, 'live update connection not back yet; trying again');
        this.relisten();
      });
    }, 1000).unref();
  }

  private dispatch(raw: string): void {
    const parsed = JSON.parse(raw) as TicketEventPayload | NotificationPayload;
    if (parsed.type === 'notification') {
      const { userIds } = parsed as NotificationPayload;
      for (const subscriber of this.subscribers) {
        if (userIds.includes(subscriber.viewer.principal.user.id))
          subscriber.response.write('event: notification\ndata: {}\n\n');
      }
      return;
    }
    const event = parsed as TicketEventPayload;
    const frame = `event: ticket\ndata: ${JSON.stringify({ type: event.type, key: event.key, status: event.status })}\n\n`;
    for (const subscriber of this.subscribers) {
      if (mayReceive(subscriber.viewer, event)) subscriber.response.write(frame);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of this.subscribers) subscriber.response.end();
    this.subscribers.clear();
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
