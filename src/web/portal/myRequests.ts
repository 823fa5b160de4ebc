// "My requests": the status tabs (kept in the URL) and how a ticket's SLA state reads as one clock.
import { metricLabel, type SlaSummary, type SlaSummaryStatus, slaSummaryView } from '../components/sla';
import { duration } from '../lib/format';

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

export type SlaTone = 'ok' | 'warning' | 'breached' | 'met' | 'idle';

export interface SlaClock {
  metric: string;
  tone: SlaTone;
  /** Short words for the clock, e.g. "2 h 5 min left", "Overdue by 3 min", "Met". */
  text: string;
  /** Seconds left (negative when overdue), when the clock runs or is paused. */
  remaining: number | null;
}

const tones: Record<SlaSummaryStatus, SlaTone> = {
  on_track: 'ok',
  at_risk: 'warning',
  breached: 'breached',
  met: 'met',
  paused: 'idle',
  not_started: 'idle',
};

/**
 * The clock to show for a ticket, from the SLA summary its list item carries (the most pressing
 * clock), a running one's time left counted at `now`.
 */
export function slaClock(sla: SlaSummary | null | undefined, now: number): SlaClock | null {
  const view = slaSummaryView(sla, now);
  if (!sla || !view) return null;
  const { remaining, status } = view;
  const base = { metric: metricLabel(sla.metric), tone: tones[status], remaining };
  switch (status) {
    case 'on_track':
    case 'at_risk':
      return { ...base, text: `${duration(remaining)} left` };
    case 'breached':
      return { ...base, text: remaining !== null ? `Overdue by ${duration(-remaining)}` : 'Breached' };
    case 'paused':
      return { ...base, text: `Paused, ${duration(Math.max(0, remaining ?? 0))} left` };
    case 'met':
      return { ...base, text: 'Met' };
    default:
      return { ...base, text: `Not started, target ${duration(sla.goalSeconds)}` };
  }
}
