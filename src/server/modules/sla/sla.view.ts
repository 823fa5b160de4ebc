// What leaves the API about a ticket's SLA clocks.
import { z } from 'zod';
import type { TicketClocks } from './sla.clocks.js';
import type { SlaEventRow } from './sla.events.js';

const cycleOut = z.object({
  number: z.number(),
  startedAt: z.date(),
  stoppedAt: z.date().nullable(),
  elapsedSeconds: z.number(),
  breached: z.boolean(),
  met: z.boolean(),
  warnAt: z.date().nullable(),
  breachAt: z.date().nullable(),
});

const intervalOut = z.object({
  from: z.date(),
  to: z.date(),
  kind: z.enum(['not_started', 'counting', 'paused', 'outside_working_hours', 'holiday', 'stopped']),
  reason: z.string().describe('why the time counted or not: counting, paused: in …, holiday: …'),
  countedSeconds: z.number(),
  cycle: z.number().nullable(),
});

export const ticketSlaOut = z.object({
  ticket: z.string(),
  policy: z.object({ key: z.string(), name: z.string(), version: z.number() }).nullable(),
  computedAt: z.date(),
  metrics: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      calendar: z.string().describe('the calendar’s name'),
      state: z.enum(['not_started', 'running', 'paused', 'stopped']),
      cycle: z.number().nullable(),
      elapsedSeconds: z.number(),
      goalSeconds: z.number().nullable(),
      remainingSeconds: z.number().nullable(),
      met: z.boolean(),
      breached: z.boolean(),
      warnAt: z.date().nullable(),
      breachAt: z.date().nullable(),
      cycles: z.array(cycleOut),
      intervals: z.array(intervalOut),
    }),
  ),
  events: z.array(
    z.object({
      kind: z.enum(['warning', 'breach']),
      metric: z.string(),
      cycle: z.number(),
      goalSeconds: z.number(),
      elapsedSeconds: z.number(),
      dueAt: z.date(),
      raisedAt: z.date(),
    }),
  ),
});

export function ticketSlaView(
  { ticket, policy, clocks }: TicketClocks,
  events: SlaEventRow[],
  now: Date,
): z.infer<typeof ticketSlaOut> {
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
