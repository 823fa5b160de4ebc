// Live updates: one EventSource on /api/v1/events per tab. `event: ticket` ({type, key, status})
// invalidates every query about tickets (lists, the ticket, its runs and SLA, approvals) so pages
// refetch what changed; `event: notification` refreshes the bell. No polling anywhere.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';

export interface TicketEvent {
  type: string;
  key: string;
  status?: string;
}

type Listener = (event: TicketEvent) => void;
const listeners = new Set<Listener>();
let connected = false;
const connectionListeners = new Set<() => void>();

function setConnected(value: boolean) {
  connected = value;
  for (const listener of connectionListeners) listener();
}

/** Query-key prefixes refetched on any ticket event. */
export const ticketQueryRoots = ['tickets', 'ticket', 'approvals', 'reports'] as const;

export function startLiveUpdates(client: QueryClient): () => void {
  const source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => setConnected(true);
  source.onerror = () => setConnected(false);
  source.addEventListener('ticket', (message) => {
    let event: TicketEvent;
    try {
      event = JSON.parse((message as MessageEvent<string>).data) as TicketEvent;
    } catch {
      return;
    }
    for (const root of ticketQueryRoots) void client.invalidateQueries({ queryKey: [root] });
    for (const listener of listeners) listener(event);
  });
  source.addEventListener('notification', () => {
    void client.invalidateQueries({ queryKey: ['notifications'] });
  });
  return () => {
    source.close();
    setConnected(false);
  };
}

/** Starts the stream while the signed-in shell is mounted. */
export function useLiveUpdates(enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => (enabled ? startLiveUpdates(client) : undefined), [client, enabled]);
}

/** Called for every ticket event (e.g. to flash a row). */
export function useTicketEvents(listener: Listener) {
  useEffect(() => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listener]);
}

export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    (notify) => {
      connectionListeners.add(notify);
      return () => connectionListeners.delete(notify);
    },
    () => connected,
  );
}
