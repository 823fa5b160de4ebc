// What leaves the API about a ticket's SLA clocks (the shape: ticketSlaOut in src/shared/api/sla.ts).
import type { TicketSlaOut } from '../../../shared/api/sla.js';
import type { TicketClocks } from './sla.clocks.js';
import type { SlaEventRow } from './sla.events.js';

export function ticketSlaView(
  { ticket, policy, clocks }: TicketClocks,
  events: SlaEventRow[],
  now: Date,
): TicketSlaOut {
  return {
    ticket: ticket.key,
    policy: policy ? { key: policy.key, name: policy.name, version: policy.version } : null,
    computedAt: now,
    metrics: clocks.map((clock, index) => ({
      key: clock.metricKey,
      name: policy!.metrics[index]!.name,
      calendar: policy!.metrics[index]!.calendar.name,
      state: clock.state,
      cycle: clock.cycle,
      elapsedSeconds: clock.elapsedSeconds,
      goalSeconds: clock.goalSeconds,
      remainingSeconds: clock.remainingSeconds,
      met: clock.met,
      breached: clock.breached,
      warnAt: clock.warnAt,
      breachAt: clock.breachAt,
      cycles: clock.cycles,
      intervals: clock.intervals,
    })),
    events: events.map((event) => ({
      kind: event.kind === 'warning' ? 'warning' : 'breach',
      metric: event.metricKey,
      cycle: event.cycle,
      goalSeconds: event.goalSeconds,
      elapsedSeconds: event.elapsedSeconds,
      dueAt: event.dueAt,
      raisedAt: event.raisedAt,
    })),
  };
}
