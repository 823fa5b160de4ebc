// A ticket's SLA clock, compact: the most urgent metric's remaining (or overdue) time against its
// target, coloured by state (met / at risk / breached / paused). Data: GET /api/v1/tickets/{key}/sla
// under the query key ['ticket', key, 'sla'], so ticket events refresh it. Between refreshes a
// running clock's text is advanced locally from `computedAt` (a display tick, never a refetch).
import { Badge, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { duration } from '../lib/format';
import { useSlaNow } from './SlaCell';
import {
  describeMetric,
  primaryMetric,
  remainingNow,
  type SlaMetric,
  type SlaState,
  slaPath,
  slaQueryKey,
  slaState,
  slaStateColor,
  slaStateLabel,
} from './sla';

export function slaQueryOptions(ticketKey: string) {
  return {
    queryKey: slaQueryKey(ticketKey),
    queryFn: ({ signal }: { signal: AbortSignal }) => api(slaPath(ticketKey), 'sla.ticketSlaOut', { signal }),
    staleTime: 15_000,
  };
}

function shortText(metric: SlaMetric, state: SlaState, now: number, computedAt: number): string {
  const remaining = remainingNow(metric, now, computedAt);
  if (state === 'met' || state === 'not_started' || remaining === null) return slaStateLabel[state];
  if (remaining < 0) return `${slaStateLabel.breached} · ${duration(-remaining)} over`;
  const left = `${duration(remaining)} left`;
  return state === 'running' ? left : `${slaStateLabel[state]} · ${left}`;
}

/**
 * `variant="short"` (tables, cards) shows only what matters at a glance ("12 min left",
 * "Breached · 3 min over"); the full sentence is always in the tooltip and the accessible name.
 */
export function SlaClock({
  ticketKey,
  variant = 'full',
  ended = false,
}: {
  ticketKey: string;
  variant?: 'full' | 'short';
  /** The ticket is closed or cancelled: a clock that never started is not shown. */
  ended?: boolean;
}) {
  const query = useQuery(slaQueryOptions(ticketKey));
  const running = query.data?.metrics.some((m) => m.state === 'running') ?? false;
  const now = useSlaNow(running);

  if (query.isPending) return <Skeleton height={20} width={170} radius="sm" aria-label="Loading SLA" />;
  if (query.isError)
    return (
      <Text size="xs" c="gray.7" component="span">
        SLA unavailable
      </Text>
    );
  const data = query.data;
  const metric = primaryMetric(data.metrics);
  if (!metric)
    return (
      <Text size="xs" c="gray.7" component="span">
        No SLA
      </Text>
    );
  const computedAt = new Date(data.computedAt).getTime();
  const state = slaState(metric, now, computedAt);
  if (ended && state === 'not_started') return null;
  const text = `${slaStateLabel[state]} · ${describeMetric(metric, state, now, computedAt)}`;
  const shown = variant === 'short' ? shortText(metric, state, now, computedAt) : text;

  return (
    <Tooltip
      multiline
      w={300}
      withArrow
      label={
        <Stack gap={2}>
          {data.policy ? <Text size="xs">SLA policy: {data.policy.name}</Text> : null}
          {data.metrics.map((m) => {
            const s = slaState(m, now, computedAt);
            return (
              <Text size="xs" key={m.key}>
                {m.name} ({m.calendar}): {slaStateLabel[s]}, {describeMetric(m, s, now, computedAt)}
              </Text>
            );
          })}
        </Stack>
      }
    >
      <Badge
        component="span"
        color={slaStateColor[state]}
        variant="light"
        radius="sm"
        tt="none"
        fw={600}
        data-sla-state={state}
        tabIndex={0}
        aria-label={`${metric.name}: ${text}`}
        styles={{ root: { maxWidth: '100%' }, label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
      >
        {shown}
      </Badge>
    </Tooltip>
  );
}
