// A ticket's SLA in a list row, compact: the summary GET /api/v1/tickets returns with each item
// (`sla`), so no request per row. "2 h 5 min left" (blue, orange when at risk), "Breached", "Paused",
// "Met"; the whole sentence is in the tooltip and read by screen readers. A running clock's text is
// advanced from `now` (pass the value of useSlaNow(), one timer per list).
import { Badge, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type SlaSummary, slaSummaryView, summaryStatusColor } from './sla';

/** The current time for SLA display, re-read every 30 s (display only, no data is fetched). */
export function useSlaNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

export function SlaCell({ sla, now }: { sla: SlaSummary | null | undefined; now: number }) {
  const view = slaSummaryView(sla, now);
  if (!view)
    return (
      <Text span size="xs" c="gray.7" data-sla-status="none">
        No SLA
      </Text>
    );
  return (
    <Tooltip label={view.long} withArrow openDelay={200} events={{ hover: true, focus: false, touch: true }}>
      <Badge
        component="span"
        color={summaryStatusColor[view.status]}
        variant="light"
        radius="sm"
        tt="none"
        fw={600}
        data-sla-status={view.status}
        styles={{ root: { maxWidth: '100%' }, label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
      >
        <span aria-hidden="true">{view.short}</span>
        <VisuallyHidden>{view.long}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
