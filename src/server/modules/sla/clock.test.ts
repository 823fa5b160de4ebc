import { describe, expect, it } from 'vitest';
import type { Calendar } from './calendar.js';
import { computeClock } from './clock.js';
import { SlaHistoryError, type TicketEvent } from './history.js';
import { type SlaMetricInput, slaMetricSchema } from './policy.js';
import { berlinOffice, utc24x7 } from './sla.test-support.js';

const at = (iso: string) => new Date(iso);

/** A history from its creation status and [when, new status] pairs. */
function ticket(createdAt: string, status: string, ...transitions: Array<[string, string]>): TicketEvent[] {
  const events: TicketEvent[] = [{ kind: 'created', at: at(createdAt), status }];
  let from = status;
  for (const [when, to] of transitions) {
    events.push({ kind: 'transition', at: at(when), from, to });
    from = to;
  }
  return events;
}

function metric(overrides: Partial<SlaMetricInput> = {}) {
  return slaMetricSchema.parse({
    key: 'test_metric',
    name: 'Test metric',
    goalSeconds: 3600,
    warnAtShare: 0.5,
    calendar: utc24x7,
    start: [{ on: 'created' }],
    stop: [{ on: 'entered', status: 'done' }],
    onRestart: 'continue',
    ...overrides,
  });
}

const explain = (intervals: ReturnType<typeof computeClock>['intervals']) =>
  intervals.map((span) => [
    span.from.toISOString().slice(11, 19),
    span.to.toISOString().slice(11, 19),
    span.reason,
    span.countedSeconds,
  ]);

describe('a running clock', () => {
  const startsOnWork = metric({ start: [{ on: 'entered', status: 'work' }] });
  const history = ticket('2024-06-03T10:00:00Z', 'new', ['2024-06-03T10:15:00Z', 'work']);

  it('has not started before its start condition', () => {
    const clock = computeClock(startsOnWork, history, at('2024-06-03T10:10:00Z'));
    expect(clock).toMatchObject({
      state: 'not_started',
      cycle: null,
      elapsedSeconds: 0,
      remainingSeconds: 3600,
    });
    expect(clock.warnAt).toBeNull();
    expect(clock.breachAt).toBeNull();
    expect(explain(clock.intervals)).toEqual([['10:00:00', '10:10:00', 'not started', 0]]);
  });

  it('projects its warning and breach from now', () => {
    // 20 minutes counted of a 60-minute goal, warning at half: 10 minutes to the warning.
    const clock = computeClock(startsOnWork, history, at('2024-06-03T10:35:00Z'));
    expect(clock).toMatchObject({ state: 'running', cycle: 1, elapsedSeconds: 1200, remainingSeconds: 2400 });
    expect(clock.warnAt).toEqual(at('2024-06-03T10:45:00Z'));
    expect(clock.breachAt).toEqual(at('2024-06-03T11:15:00Z'));
    expect(clock).toMatchObject({ breached: false, met: false });
    expect(explain(clock.intervals)).toEqual([
      ['10:00:00', '10:15:00', 'not started', 0],
      ['10:15:00', '10:35:00', 'counting', 1200],
    ]);
  });

  it('is breached from the instant its goal is used up, and says when that was', () => {
    const atGoal = computeClock(startsOnWork, history, at('2024-06-03T11:15:00Z'));
    expect(atGoal).toMatchObject({ breached: true, remainingSeconds: 0 });
    const later = computeClock(startsOnWork, history, at('2024-06-03T12:00:00Z'));
    expect(later).toMatchObject({
      state: 'running',
      breached: true,
      elapsedSeconds: 6300,
      remainingSeconds: -2700,
    });
    expect(later.breachAt).toEqual(at('2024-06-03T11:15:00Z'));
    expect(later.warnAt).toEqual(at('2024-06-03T10:45:00Z'));
  });
});

describe('a stopped clock', () => {
  const done = (when: string) => ticket('2024-06-03T10:00:00Z', 'open', [when, 'done']);
  const now = at('2024-06-03T18:00:00Z');

  it('met its goal when it stopped within it', () => {
    const clock = computeClock(metric(), done('2024-06-03T10:50:00Z'), now);
    expect(clock).toMatchObject({ state: 'stopped', elapsedSeconds: 3000, met: true, breached: false });
    expect(clock.warnAt).toEqual(at('2024-06-03T10:30:00Z'));
    expect(clock.breachAt).toBeNull();
    expect(explain(clock.intervals)).toEqual([
      ['10:00:00', '10:50:00', 'counting', 3000],
      ['10:50:00', '18:00:00', 'stopped', 0],
    ]);
  });

  it('met its goal when it stopped exactly as the time ran out', () => {
    const clock = computeClock(metric(), done('2024-06-03T11:00:00Z'), now);
    expect(clock).toMatchObject({ elapsedSeconds: 3600, met: true, breached: false, breachAt: null });
  });

  it('is breached when it stopped after its goal', () => {
    const clock = computeClock(metric(), done('2024-06-03T11:30:00Z'), now);
    expect(clock).toMatchObject({ state: 'stopped', elapsedSeconds: 5400, met: false, breached: true });
    expect(clock.breachAt).toEqual(at('2024-06-03T11:00:00Z'));
  });

  it('is stopped at once when one event both starts and stops it', () => {
    const clock = computeClock(metric(), ticket('2024-06-03T10:00:00Z', 'done'), now);
    expect(clock).toMatchObject({ state: 'stopped', elapsedSeconds: 0, met: true });
    expect(clock.cycles).toEqual([
      expect.objectContaining({
        number: 1,
        startedAt: at('2024-06-03T10:00:00Z'),
        stoppedAt: at('2024-06-03T10:00:00Z'),
      }),
    ]);
  });
});

describe('pauses', () => {
  const pausing = metric({ goalSeconds: 3 * 3600, pause: [{ whileIn: 'waiting' }] });
  const history = ticket(
    '2024-06-03T10:00:00Z',
    'open',
    ['2024-06-03T11:00:00Z', 'waiting'],
    ['2024-06-03T13:00:00Z', 'open'],
    ['2024-06-03T14:00:00Z', 'done'],
  );

  it('leave out the time in a paused status, and say so', () => {
    const clock = computeClock(pausing, history, at('2024-06-03T15:00:00Z'));
    expect(clock).toMatchObject({ state: 'stopped', elapsedSeconds: 7200, met: true });
    expect(explain(clock.intervals)).toEqual([
      ['10:00:00', '11:00:00', 'counting', 3600],
      ['11:00:00', '13:00:00', 'paused: in waiting', 0],
      ['13:00:00', '14:00:00', 'counting', 3600],
      ['14:00:00', '15:00:00', 'stopped', 0],
    ]);
  });

  it('project nothing while paused, since nobody knows when the pause ends', () => {
    const clock = computeClock(pausing, history, at('2024-06-03T12:00:00Z'));
    expect(clock).toMatchObject({ state: 'paused', elapsedSeconds: 3600, warnAt: null, breachAt: null });
  });
});

describe('business hours in the clock', () => {
  const office = (overrides: Partial<SlaMetricInput> = {}) =>
    metric({ calendar: berlinOffice, goalSeconds: 8 * 3600, warnAtShare: 0.75, ...overrides });
  // Mon 3 June 2024 14:00 CEST = 12:00Z; the office is open 07:00Z–15:00Z.
  const history = ticket('2024-06-03T12:00:00Z', 'open');

  it('schedules warning and breach over the night', () => {
    const clock = computeClock(office(), history, at('2024-06-03T13:00:00Z'));
    expect(clock.elapsedSeconds).toBe(3600);
    // Warning at 6 h: Monday gives 3 h, Tuesday 09:00 CEST + 3 h = 12:00 CEST = 10:00Z.
    expect(clock.warnAt).toEqual(at('2024-06-04T10:00:00Z'));
    // Breach at 8 h: Tuesday 09:00 + 5 h = 14:00 CEST = 12:00Z.
    expect(clock.breachAt).toEqual(at('2024-06-04T12:00:00Z'));
  });

  it('keeps a reached warning in the past and the breach ahead', () => {
    const clock = computeClock(office(), history, at('2024-06-04T11:00:00Z'));
    expect(clock).toMatchObject({ elapsedSeconds: 7 * 3600, breached: false });
    expect(clock.warnAt).toEqual(at('2024-06-04T10:00:00Z'));
    expect(clock.breachAt).toEqual(at('2024-06-04T12:00:00Z'));
  });

  it('explains a breach with the hours that counted and those that did not', () => {
    const clock = computeClock(office(), history, at('2024-06-05T08:00:00Z'));
    expect(clock).toMatchObject({ elapsedSeconds: 12 * 3600, remainingSeconds: -4 * 3600, breached: true });
    expect(clock.breachAt).toEqual(at('2024-06-04T12:00:00Z'));
    expect(explain(clock.intervals)).toEqual([
      ['12:00:00', '15:00:00', 'counting', 10800],
      ['15:00:00', '07:00:00', 'outside working hours', 0],
      ['07:00:00', '15:00:00', 'counting', 28800],
      ['15:00:00', '07:00:00', 'outside working hours', 0],
      ['07:00:00', '08:00:00', 'counting', 3600],
    ]);
  });

  it('names the holiday that did not count', () => {
    // Tue 31 Dec 2024 16:00 CET → Thu 2 Jan 2025 10:00 CET.
    const clock = computeClock(office(), ticket('2024-12-31T15:00:00Z', 'open'), at('2025-01-02T09:00:00Z'));
    expect(clock.elapsedSeconds).toBe(7200);
    expect(clock.intervals.map((span) => span.reason)).toEqual([
      'counting',
      'outside working hours',
      "holiday: New Year's Day",
      'outside working hours',
      'counting',
    ]);
  });
});

describe('a reopen', () => {
  const reopening = (onRestart: 'continue' | 'new_cycle', goalSeconds: number) =>
    metric({
      goalSeconds,
      start: [{ on: 'created' }, { on: 'entered', status: 'reopened' }],
      stop: [{ on: 'entered', status: 'resolved' }],
      onRestart,
    });
  const history = ticket(
    '2024-06-03T10:00:00Z',
    'open',
    ['2024-06-03T11:00:00Z', 'resolved'],
    ['2024-06-03T15:00:00Z', 'reopened'],
    ['2024-06-03T15:40:00Z', 'resolved'],
  );
  const now = at('2024-06-03T15:30:00Z');

  it("with 'continue' adds the new time to the old, and can turn a met goal into a breach", () => {
    // 60 min before the reopen + 30 min after = 90 min against 75.
    const clock = computeClock(reopening('continue', 75 * 60), history, now);
    expect(clock).toMatchObject({ state: 'running', cycle: 1, elapsedSeconds: 5400, breached: true });
    expect(clock.breachAt).toEqual(at('2024-06-03T15:15:00Z'));
    expect(clock.cycles).toHaveLength(1);
    expect(explain(clock.intervals)).toEqual([
      ['10:00:00', '11:00:00', 'counting', 3600],
      ['11:00:00', '15:00:00', 'stopped', 0],
      ['15:00:00', '15:30:00', 'counting', 1800],
    ]);
    const beforeReopen = computeClock(reopening('continue', 75 * 60), history, at('2024-06-03T14:00:00Z'));
    expect(beforeReopen).toMatchObject({ state: 'stopped', met: true, breached: false });
  });

  it("with 'new_cycle' measures the new round on its own", () => {
    const clock = computeClock(reopening('new_cycle', 75 * 60), history, now);
    expect(clock).toMatchObject({
      state: 'running',
      cycle: 2,
      elapsedSeconds: 1800,
      breached: false,
      met: false,
    });
    expect(clock.cycles).toEqual([
      {
        number: 1,
        startedAt: at('2024-06-03T10:00:00Z'),
        stoppedAt: at('2024-06-03T11:00:00Z'),
        elapsedSeconds: 3600,
        breached: false,
        met: true,
        warnAt: at('2024-06-03T10:37:30Z'),
        breachAt: null,
      },
      {
        number: 2,
        startedAt: at('2024-06-03T15:00:00Z'),
        stoppedAt: null,
        elapsedSeconds: 1800,
        breached: false,
        met: false,
        warnAt: at('2024-06-03T15:37:30Z'),
        breachAt: at('2024-06-03T16:15:00Z'),
      },
    ]);
    expect(clock.intervals.map((span) => span.cycle)).toEqual([1, null, 2]);
  });

  it("with 'new_cycle' keeps a breach of an earlier cycle on the clock", () => {
    // Goal 45 min: the first round took 60 (breached), the second 40 (within).
    const clock = computeClock(reopening('new_cycle', 45 * 60), history, at('2024-06-03T16:00:00Z'));
    expect(clock.cycles.map((cycle) => [cycle.elapsedSeconds, cycle.breached, cycle.met])).toEqual([
      [3600, true, false],
      [2400, false, true],
    ]);
    expect(clock).toMatchObject({ state: 'stopped', breached: true, met: false, elapsedSeconds: 2400 });
  });
});

describe('a policy edit', () => {
  // Fri 7 June 2024 16:00 CEST → Mon 10 June 10:00 CEST: 66 hours, of which 2 office hours.
  const history = ticket('2024-06-07T14:00:00Z', 'open', ['2024-06-10T08:00:00Z', 'done']);
  const now = at('2024-06-10T12:00:00Z');
  const withPolicy = (goalSeconds: number, calendar: Calendar) =>
    computeClock(metric({ goalSeconds, calendar }), history, now);

  it('needs nothing but a recomputation from the same history', () => {
    expect(withPolicy(3600, utc24x7)).toMatchObject({
      elapsedSeconds: 66 * 3600,
      breached: true,
      met: false,
    });
    expect(withPolicy(72 * 3600, utc24x7)).toMatchObject({
      elapsedSeconds: 66 * 3600,
      breached: false,
      met: true,
    });
    expect(withPolicy(3 * 3600, berlinOffice)).toMatchObject({
      elapsedSeconds: 2 * 3600,
      breached: false,
      met: true,
    });
    expect(withPolicy(3600, berlinOffice)).toMatchObject({
      elapsedSeconds: 2 * 3600,
      breached: true,
      met: false,
    });
  });
});

describe('conditions', () => {
  it("'left' starts a clock when a ticket goes out of a status", () => {
    const leftTriage = metric({ start: [{ on: 'left', status: 'triage' }] });
    const history = ticket(
      '2024-06-03T09:00:00Z',
      'triage',
      ['2024-06-03T09:10:00Z', 'work'],
      ['2024-06-03T09:40:00Z', 'done'],
    );
    expect(computeClock(leftTriage, history, at('2024-06-03T10:00:00Z')).elapsedSeconds).toBe(1800);
  });

  it("'entered' fires on creation into that status", () => {
    const enteredWork = metric({ start: [{ on: 'entered', status: 'work' }] });
    const history = ticket('2024-06-03T09:00:00Z', 'work');
    expect(computeClock(enteredWork, history, at('2024-06-03T09:20:00Z')).elapsedSeconds).toBe(1200);
  });

  it('a clock without a goal measures and explains but promises nothing', () => {
    const measureOnly = metric({ goalSeconds: null });
    const clock = computeClock(
      measureOnly,
      ticket('2024-06-03T09:00:00Z', 'open'),
      at('2024-06-05T09:00:00Z'),
    );
    expect(clock).toMatchObject({
      elapsedSeconds: 172800,
      remainingSeconds: null,
      breached: false,
      met: false,
    });
    expect(clock.warnAt).toBeNull();
    expect(clock.breachAt).toBeNull();
  });
});

describe('history', () => {
  const history = ticket('2024-06-03T10:00:00Z', 'open', ['2024-06-03T10:30:00Z', 'done']);

  it('ignores events after now', () => {
    const clock = computeClock(metric(), history, at('2024-06-03T10:20:00Z'));
    expect(clock).toMatchObject({ state: 'running', elapsedSeconds: 1200 });
  });

  it('shows nothing before the ticket exists', () => {
    const clock = computeClock(metric(), history, at('2024-06-03T09:00:00Z'));
    expect(clock).toMatchObject({ state: 'not_started', intervals: [], cycles: [] });
  });

  it('is refused when it is not one creation followed by transitions in order', () => {
    const created = history[0]!;
    const done = history[1]!;
    const now = at('2024-06-03T12:00:00Z');
    expect(() => computeClock(metric(), [], now)).toThrow(SlaHistoryError);
    expect(() => computeClock(metric(), [done], now)).toThrow(SlaHistoryError);
    expect(() => computeClock(metric(), [created, created], now)).toThrow(SlaHistoryError);
    expect(() => computeClock(metric(), [done, created], now)).toThrow(SlaHistoryError);
    const wrongFrom = { ...done, from: 'elsewhere' };
    expect(() => computeClock(metric(), [created, wrongFrom], now)).toThrow(
      /leaves elsewhere, but the ticket was in open/,
    );
    const backwards = { ...done, at: at('2024-06-03T09:00:00Z') };
    expect(() => computeClock(metric(), [created, backwards], now)).toThrow(/before the event preceding it/);
  });
});
