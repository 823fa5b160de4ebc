// SLA clock throughput: how many computeClock evaluations per second one process manages, for
// a ticket with a 20-event history (creation + 19 transitions spread over about two weeks, with
// pauses, resolutions and reopens) measured on a business calendar (Europe/Berlin, Mon–Fri
// 09:00–17:00, holidays), and on 24×7 for comparison.
//
// Three figures per calendar:
//   - cold: 2,000 different tickets spread over ten years, each computed once, so most local days
//     are worked out with luxon for the first time (after a JIT warm-up on tickets of other years);
//   - warm, many tickets: the same 2,000 tickets computed again (what a periodic recompute of
//     all open tickets looks like);
//   - warm, one ticket: the same ticket again and again, an upper bound.
// Each figure is the best of 5 runs of at least 300 ms. Run: npx tsx bench/sla-clock.ts

import { computeClock } from '../src/server/modules/sla/clock.js';
import type { TicketEvent } from '../src/server/modules/sla/history.js';
import { type SlaMetric, slaMetricSchema } from '../src/server/modules/sla/policy.js';

const HOUR = 3_600_000;

const businessCalendar = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  kind: 'business' as const,
  week: {
    mon: ['09:00-12:30', '13:30-17:00'],
    tue: ['09:00-12:30', '13:30-17:00'],
    wed: ['09:00-12:30', '13:30-17:00'],
    thu: ['09:00-12:30', '13:30-17:00'],
    fri: ['09:00-12:30', '13:30-17:00'],
  },
  holidays: Array.from({ length: 10 }, (_, year) => [
    { date: `${2020 + year}-01-01`, name: "New Year's Day" },
    { date: `${2020 + year}-05-01`, name: 'Labour Day' },
    { date: `${2020 + year}-10-03`, name: 'German Unity Day' },
    { date: `${2020 + year}-12-25`, name: 'Christmas Day' },
  ]).flat(),
};

function metricOn(calendar: unknown): SlaMetric {
  return slaMetricSchema.parse({
    key: 'time_to_resolution',
    name: 'Time to resolution',
    goalSeconds: 16 * 3600,
    warnAtShare: 0.8,
    calendar,
    start: [{ on: 'created' }, { on: 'entered', status: 'need_further_support' }],
    pause: [{ whileIn: 'waiting_for_approval' }],
    stop: [{ on: 'entered', status: 'waiting_for_customer' }],
    onRestart: 'continue',
  });
}

// Verification, approval, two failed automations, a delivery, a reopen, … then still open.
const path = [
  'waiting_for_approval',
  'in_progress',
  'need_further_support',
  'in_progress',
  'need_further_support',
  'in_progress',
  'waiting_for_customer',
  'need_further_support',
  'in_progress',
  'waiting_for_customer',
  'need_further_support',
  'in_progress',
  'need_further_support',
  'in_progress',
  'waiting_for_customer',
  'need_further_support',
  'in_progress',
  'need_further_support',
  'in_progress',
];

function historyAt(createdMs: number): TicketEvent[] {
  const events: TicketEvent[] = [
    { kind: 'created', at: new Date(createdMs), status: 'waiting_for_verification' },
  ];
  let from = 'waiting_for_verification';
  let ms = createdMs;
  for (const [index, to] of path.entries()) {
    ms += ((index * 7919) % 31) * HOUR * 0.6 + 5 * 60_000; // 5 min to ~18 h apart: ~2 weeks in all
    events.push({ kind: 'transition', at: new Date(ms), from, to });
    from = to;
  }
  return events;
}

function ticketsFrom(year: number) {
  return Array.from({ length: 2000 }, (_, i) => {
    const history = historyAt(Date.UTC(year, 0, 1) + i * 43 * HOUR + (i % 17) * 60_000);
    return { history, now: new Date(history.at(-1)!.at.getTime() + 3 * HOUR) };
  });
}
const tickets = ticketsFrom(2020);
// Tickets in other years, to warm the JIT up without working out the measured tickets' days.
const warmUpTickets = ticketsFrom(2040);

function rate(run: () => number): number {
  let best = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    let evaluations = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 300) {
      evaluations += run();
      elapsed = performance.now() - start;
    }
    best = Math.max(best, (evaluations / elapsed) * 1000);
  }
  return best;
}

function measure(label: string, metric: SlaMetric): void {
  for (const ticket of warmUpTickets) computeClock(metric, ticket.history, ticket.now);
  const coldStart = performance.now();
  for (const ticket of tickets) computeClock(metric, ticket.history, ticket.now);
  const cold = (tickets.length / (performance.now() - coldStart)) * 1000;
  const warmMany = rate(() => {
    for (const ticket of tickets) computeClock(metric, ticket.history, ticket.now);
    return tickets.length;
  });
  const one = tickets[0]!;
  const warmOne = rate(() => {
    for (let i = 0; i < 100; i++) computeClock(metric, one.history, one.now);
    return 100;
  });
  const spans = computeClock(metric, one.history, one.now).intervals.length;
  const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  console.log(
    `${label.padEnd(22)} cold ${format(cold)}/s   warm, 2000 tickets ${format(warmMany)}/s   warm, one ticket ${format(warmOne)}/s   (${spans} spans explained)`,
  );
}

console.log('computeClock evaluations per second, 20-event history (node', process.version + ')');
measure('business (Berlin)', metricOn(businessCalendar));
measure('24x7 (UTC)', metricOn({ name: '24x7', timeZone: 'UTC', kind: '24x7' }));
