// Live updates: one EventSource on /api/v1/events per tab. `event: ticket` ({type, key, status})
// invalidates every query about tickets (lists, the ticket, its runs and SLA, approvals, reports)
// so pages refetch what changed; `event: notification` refreshes the bell. No polling anywhere.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** Query-key prefixes refetched on any ticket event. */
const ticketQueryRoots = ['tickets', 'ticket', 'approvals', 'reports'] as const;

/**
 * Refetches the queries under `roots` because something changed after they may have been read.
 * TanStack Query does not restart a first fetch already in flight when it is invalidated (the
 * refetch joins the running request, whose answer may predate the change, and the page would
 * keep it until the next event): those are cancelled first, so they start again.
 */
export function refetchAfterChange(client: QueryClient, roots: readonly string[]): void {
  for (const root of roots) {
    void client
      .cancelQueries({
        queryKey: [root],
        predicate: (query) => query.state.data === undefined && query.state.fetchStatus === 'fetching',
      })
      .then(() => client.invalidateQueries({ queryKey: [root] }));
  }
}

/**
 * Opens `url` as an EventSource whose `events` refetch their roots. When the stream opens again
 * after a drop, every root is refetched too: what changed while it was reconnecting sent no event
 * this page received. (The first open needs none: the shell opens it before pages read.)
 */
export function openLiveStream(
  client: QueryClient,
  url: string,
  events: Record<string, readonly string[]>,
): () => void {
  const source = new EventSource(url, { withCredentials: true });
  const everyRoot = [...new Set(Object.values(events).flat())];
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) refetchAfterChange(client, everyRoot);
    opened = true;
  });
  for (const [event, roots] of Object.entries(events))
    source.addEventListener(event, () => refetchAfterChange(client, roots));
  return () => source.close();
}

function startLiveUpdates(client: QueryClient): () => void {
  return openLiveStream(client, '/api/v1/events', {
    ticket: ticketQueryRoots,
    notification: ['notifications'],
  });
}

/** Starts the stream while the signed-in shell is mounted. */
export function useLiveUpdates(enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => (enabled ? startLiveUpdates(client) : undefined), [client, enabled]);
}
