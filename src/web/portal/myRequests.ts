// "My requests": the status tabs (kept in the URL) and how a ticket's SLA state reads as one clock.

export const requestTabs = [
  {
    value: 'open',
    label: 'Open',
    statuses: [
      'waiting_for_verification',
      'waiting_for_approval',
      'in_progress',
      'waiting_for_customer',
      'need_further_support',
    ],
  },
  { value: 'waiting', label: 'Waiting for me', statuses: ['waiting_for_customer'] },
  { value: 'closed', label: 'Closed', statuses: ['closed', 'cancelled'] },
] as const;

export type RequestTab = (typeof requestTabs)[number]['value'];

export function parseTab(value: string | null): RequestTab {
  return requestTabs.find((tab) => tab.value === value)?.value ?? 'open';
}

/** The query of GET /api/v1/tickets for a tab: the caller's own tickets with the tab's statuses. */
export function ticketsQuery(tab: RequestTab, cursor?: string) {
  const definition = requestTabs.find((candidate) => candidate.value === tab)!;
  return { requester: 'me', status: definition.statuses.join(','), limit: 25, cursor };
}

export const openStatuses: ReadonlySet<string> = new Set(requestTabs[0].statuses);

export interface SlaMetric {
  key: string;
  name: string;
  state: 'not_started' | 'running' | 'paused' | 'stopped';
  elapsedSeconds: number;
  goalSeconds: number | null;
  remainingSeconds: number | null;
  met: boolean;
  breached: boolean;
  warnAt: string | null;
  breachAt: string | null;
}

export interface TicketSla {
  ticket: string;
  computedAt: string;
  metrics: SlaMetric[];
}

export type SlaTone = 'ok' | 'warning' | 'breached' | 'met' | 'idle';

export interface SlaClock {
  metric: string;
  tone: SlaTone;
  /** Short words for the clock, e.g. "2 h 5 min left", "Overdue by 3 min", "Met". */
  text: string;
  /** Seconds left (negative when overdue), when the clock has a goal. */
  remaining: number | null;
}

const stateRank: Record<SlaMetric['state'], number> = { running: 0, paused: 1, not_started: 2, stopped: 3 };

/**
 * The clock to show for a ticket: the metric with a goal that matters most now (running, then
 * paused, then not started, then stopped), its time left computed at `now` for a running clock.
 */
export function slaClock(sla: TicketSla, now: number, format: (seconds: number) => string): SlaClock | null {
  const metrics = sla.metrics
    .filter((metric) => metric.goalSeconds !== null)
    .sort((a, b) => stateRank[a.state] - stateRank[b.state]);
  const metric = metrics[0];
  if (!metric) return null;
  const base = { metric: metric.name };
  let remaining = metric.remainingSeconds;
  if (metric.state === 'running') {
    if (metric.breachAt) remaining = (Date.parse(metric.breachAt) - now) / 1000;
    else if (remaining !== null) remaining -= (now - Date.parse(sla.computedAt)) / 1000;
  }
  switch (metric.state) {
    case 'stopped':
      return metric.breached
        ? { ...base, tone: 'breached', text: 'Breached', remaining }
        : { ...base, tone: 'met', text: metric.met ? 'Met' : 'Stopped', remaining };
    case 'not_started':
      return {
        ...base,
        tone: 'idle',
        text: `Not started, target ${format(metric.goalSeconds!)}`,
        remaining,
      };
    case 'paused':
      return {
        ...base,
        tone: metric.breached ? 'breached' : 'idle',
        text: metric.breached ? 'Breached, paused' : `Paused, ${format(Math.max(0, remaining ?? 0))} left`,
        remaining,
      };
    default: {
      const left = remaining ?? 0;
      if (metric.breached || left <= 0)
        return { ...base, tone: 'breached', text: `Overdue by ${format(Math.abs(left))}`, remaining };
      const warning = metric.warnAt !== null && Date.parse(metric.warnAt) <= now;
      return { ...base, tone: warning ? 'warning' : 'ok', text: `${format(left)} left`, remaining };
    }
  }
}
