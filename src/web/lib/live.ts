// Live updates: one EventSource on /api/v1/events per tab. `event: ticket` ({type, key, status})
// invalidates every query about tickets (lists, the ticket, its runs and SLA, approvals, reports)
// so pages refetch what changed; `event: notification` refreshes the bell. No polling anywhere.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** Query-key prefixes refetched on any ticket event. */
const ticketQueryRoots = ['tickets', 'ticket', 'approvals', 'reports'] as const;

function startLiveUpdates(client: QueryClient): () => void {
  const source = new EventSource('/api/v1/events', { withCredentials: true });
  source.addEventListener('ticket', () => {
    for (const root of ticketQueryRoots) void client.invalidateQueries({ queryKey: [root] });
  });
  source.addEventListener('notification', () => {
    void client.invalidateQueries({ queryKey: ['notifications'] });
  });
  return () => source.close();
}

/** Starts the stream while the signed-in shell is mounted. */
export function useLiveUpdates(enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => (enabled ? startLiveUpdates(client) : undefined), [client, enabled]);
}
