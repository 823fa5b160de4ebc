// The console's live list: one EventSource on /api/v1/alerts/stream while a console page is open;
// each `event: alerts` refetches the queries rooted at 'alerts'. No polling.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

export function useAlertStream() {
  const client = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/v1/alerts/stream', { withCredentials: true });
    source.addEventListener('alerts', () => void client.invalidateQueries({ queryKey: ['alerts'] }));
    return () => source.close();
  }, [client]);
}

export const severityColour: Record<string, string> = {
  critical: 'red',
  major: 'orange',
  minor: 'yellow',
  warning: 'blue',
  info: 'gray',
};

export const statusColour: Record<string, string> = {
  firing: 'red',
  acknowledged: 'orange',
  suppressed: 'gray',
  maintenance: 'violet',
  resolved: 'green',
};
