import { describe, expect, it } from 'vitest';
import type { Calendar } from './calendar.js';
import { type ClockResult, computeClock } from './clock.js';
import type { TicketEvent } from './history.js';
import { type SlaMetric, slaMetricSchema } from './policy.js';
import { berlinOffice, HOUR, MINUTE, newYorkOffice, seededRandom, utc24x7 } from './sla.test-support.js';

// Properties that must hold for any history, checked over generated ones: 20 events a few
// minutes to a few days apart through 2024 (both DST changes), walking a small workflow with
// pauses, resolutions and reopens.

const NEXT: Record<string, string[]> = {
  open: ['work', 'waiting', 'resolved'],
  work: ['waiting', 'resolved', 'open'],
  waiting: ['work', 'resolved'],
  resolved: ['reopened'],
  reopened: ['work', 'resolved', 'waiting'],
};

function generateHistory(random: () => number): TicketEvent[] {
  let ms = Date.UTC(2024, 0, 1) + Math.floor(random() * 360 * 24 * HOUR);
  let status = 'open';
  const events: TicketEvent[] = [{ kind: 'created', at: new Date(ms), status }];
  for (let i = 1; i < 20; i++) {
    // Mostly minutes to hours apart, sometimes days.
    ms += Math.floor(random() < 0.2 ? random() * 3 * 24 * HOUR : random() * 6 * HOUR) + 1;
    const options = NEXT[status]!;
    const to = options[Math.floor(random() * options.length)]!;
    events.push({ kind: 'transition', at: new Date(ms), from: status, to });
    status = to;
  }
  return events;
}

function metricFor(calendar: Calendar, onRestart: 'continue' | 'new_cycle', goalSeconds: number): SlaMetric {
  return slaMetricSchema.parse({
    key: 'generated',
    name: 'generated',
    goalSeconds,
    warnAtShare: 0.8,
    calendar,
    start: [{ on: 'created' }, { on: 'entered', status: 'reopened' }],
    pause: [{ whileIn: 'waiting' }],
    stop: [{ on: 'entered', status: 'resolved' }],
    onRestart,
  });
}

const totalElapsed = (clock: ClockResult) =>
  clock.cycles.reduce((sum, cycle) => sum + cycle.elapsedSeconds, 0);

const cases: Array<[string, Calendar]> = [
  ['24x7', utc24x7],
  ['Berlin office', berlinOffice],
  ['New York office', newYorkOffice],
];

describe.each(cases)('generated histories on %s', (_name, calendar) => {
  for (const onRestart of ['continue', 'new_cycle'] as const) {
    it(`${onRestart}: elapsed never decreases and the explanation adds up`, () => {
      const random = seededRandom(onRestart.length * 1009 + calendar.name.length);
      for (let round = 0; round < 25; round++) {
        const history = generateHistory(random);
        const metric = metricFor(calendar, onRestart, 600 + Math.floor(random() * 20 * 3600));
        const firstMs = history[0]!.at.getTime();
        const lastMs = history.at(-1)!.at.getTime();
        const nows = Array.from(
          { length: 40 },
          () => firstMs + Math.floor(random() * (lastMs - firstMs + 48 * HOUR)),
        );
        nows.sort((a, b) => a - b);

        let previous: ClockResult | null = null;
        for (const nowMs of nows) {
          const clock = computeClock(metric, history, new Date(nowMs));
          if (previous) {
            expect(totalElapsed(clock)).toBeGreaterThanOrEqual(totalElapsed(previous));
            if (onRestart === 'continue')
              expect(clock.elapsedSeconds).toBeGreaterThanOrEqual(previous.elapsedSeconds);
            if (previous.breached) expect(clock.breached).toBe(true);
          }

          const spans = clock.intervals;
          expect(spans[0]!.from.getTime()).toBe(firstMs);
          expect(spans.at(-1)!.to.getTime()).toBe(nowMs);
          const gaps = spans.filter((span, i) => i > 0 && span.from.getTime() !== spans[i - 1]!.to.getTime());
          expect(gaps).toEqual([]);
          const miscounted = spans.filter(
            (span) =>
              span.countedSeconds !==
              (span.kind === 'counting' ? (span.to.getTime() - span.from.getTime()) / 1000 : 0),
          );
          expect(miscounted).toEqual([]);
          const counted = spans.reduce((sum, span) => sum + span.countedSeconds, 0);
          expect(counted).toBeCloseTo(totalElapsed(clock), 6);
          previous = clock;
        }
      }
    });
  }

  it('a projected warning or breach is what the clock shows at that instant', () => {
    const random = seededRandom(calendar.name.length * 7919);
    let checked = 0;
    for (let round = 0; round < 60; round++) {
      const history = generateHistory(random);
      const metric = metricFor(calendar, 'continue', 600 + Math.floor(random() * 10 * 3600));
      const firstMs = history[0]!.at.getTime();
      const nowMs = firstMs + Math.floor(random() * 12 * HOUR);
      const clock = computeClock(metric, history, new Date(nowMs));
      if (clock.state !== 'running') continue;
      const nextEventMs = history.find((event) => event.at.getTime() > nowMs)?.at.getTime() ?? Infinity;
      const goalMs = metric.goalSeconds! * 1000;
      for (const [instant, thresholdMs] of [
        [clock.warnAt, Math.round(goalMs * 0.8)],
        [clock.breachAt, goalMs],
      ] as const) {
        if (!instant || instant.getTime() <= nowMs || instant.getTime() >= nextEventMs) continue;
        const then = computeClock(metric, history, instant);
        expect(then.elapsedSeconds).toBe(thresholdMs / 1000);
        if (thresholdMs === goalMs) expect(then.breached).toBe(true);
        const justBefore = computeClock(metric, history, new Date(instant.getTime() - 1));
        expect(justBefore.elapsedSeconds).toBeLessThan(thresholdMs / 1000);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

it('on 24x7 without pause or stop, every millisecond since creation counts', () => {
  const history = generateHistory(seededRandom(42));
  const neverStops = slaMetricSchema.parse({ ...metricFor(utc24x7, 'continue', 3600), pause: [], stop: [] });
  const nowMs = history.at(-1)!.at.getTime() + 5 * MINUTE;
  const clock = computeClock(neverStops, history, new Date(nowMs));
  expect(clock.elapsedSeconds).toBe((nowMs - history[0]!.at.getTime()) / 1000);
  expect(clock.intervals.map((span) => span.reason)).toEqual(['counting']);
});
