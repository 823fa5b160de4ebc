// The console's live list: one EventSource on /api/v1/alerts/stream while a console page is open;
// each `event: alerts` refetches the queries rooted at 'alerts'. No polling.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openLiveStream } from '../lib/live';

export function useAlertStream() {
  const client = useQueryClient();
  useEffect(() => openLiveStream(client, '/api/v1/alerts/stream', { alerts: ['alerts'] }), [client]);
}

export const severityColour: Record<string, string> = {
  critical: 'red',
  // Darker than Mantine's orange and yellow: white badge text keeps a 4.5:1 contrast (WCAG AA).
  major: '#a63d00',
  minor: '#8a6d00',
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
