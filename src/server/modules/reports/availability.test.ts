import { describe, expect, it } from 'vitest';
import { workingIntervals } from '../sla/index.js';
import { computeAvailability, errorBudget, mergeIntervals } from './availability.js';

const H = 3_600_000; // one hour in ms
const day = { start: 0, end: 24 * H }; // 86,400 s agreed

describe('availability arithmetic', () => {
  it('one major outage of an hour in a day: 23/24 available, MTTR 1 h, MTBF 23 h', () => {
    const result = computeAvailability(
      day,
      [{ start: 2 * H, end: 3 * H, weight: 1, sources: ['INC-1'] }],
      [],
    );
    expect(result.outages).toBe(1);
    expect(result.downSeconds).toBe(3600);
    expect(result.availabilityPercent).toBeCloseTo((23 / 24) * 100, 10);
    expect(result.mttrSeconds).toBe(3600);
    expect(result.mtbfSeconds).toBe(23 * 3600);
  });

  it('overlapping outages are counted once: 1–3 h and 2–4 h are one outage of 3 h', () => {
    const result = computeAvailability(
      day,
      [
        { start: 1 * H, end: 3 * H, weight: 1, sources: ['INC-1'] },
        { start: 2 * H, end: 4 * H, weight: 1, sources: ['INC-2'] },
      ],
      [],
    );
    expect(result.outages).toBe(1);
    expect(result.downSeconds).toBe(3 * 3600);
    expect(result.availabilityPercent).toBeCloseTo((21 / 24) * 100, 10);
    expect(result.episodes[0]!.sources).toEqual(['INC-1', 'INC-2']);
  });

  it('a partial outage weighs its weight; where it overlaps a major one the major wins', () => {
    // partial 0–4 h (0.3), major 1–2 h: weighted = 3 h × 0.3 + 1 h × 1 = 1.9 h
    const result = computeAvailability(
      day,
      [
        { start: 0, end: 4 * H, weight: 0.3, sources: ['INC-1'] },
        { start: 1 * H, end: 2 * H, weight: 1, sources: ['INC-2'] },
      ],
      [],
    );
    expect(result.outages).toBe(1);
    expect(result.downSeconds).toBe(4 * 3600);
    expect(result.weightedDownSeconds).toBeCloseTo(1.9 * 3600, 6);
    expect(result.availabilityPercent).toBeCloseTo(((24 - 1.9) / 24) * 100, 10);
    expect(result.episodes[0]!.weight).toBe(1);
  });

  it('a partial outage alone with weight 0.5 (configurable)', () => {
    const result = computeAvailability(day, [{ start: 0, end: 2 * H, weight: 0.5, sources: [] }], []);
    expect(result.weightedDownSeconds).toBe(3600);
    expect(result.availabilityPercent).toBeCloseTo((23 / 24) * 100, 10);
  });

  it('maintenance is left out of the agreed time and of the downtime', () => {
    // maintenance 10–14 h; outage 12–15 h: only 14–15 h counts; agreed 20 h
    const result = computeAvailability(
      day,
      [{ start: 12 * H, end: 15 * H, weight: 1, sources: ['INC-1'] }],
      [{ start: 10 * H, end: 14 * H }],
    );
    expect(result.maintenanceSeconds).toBe(4 * 3600);
    expect(result.agreedSeconds).toBe(20 * 3600);
    expect(result.downSeconds).toBe(3600);
    expect(result.availabilityPercent).toBeCloseTo((19 / 20) * 100, 10);
    expect(result.mtbfSeconds).toBe(19 * 3600);
  });

  it('an outage wholly inside maintenance is no outage', () => {
    const result = computeAvailability(
      day,
      [{ start: 11 * H, end: 12 * H, weight: 1, sources: ['INC-1'] }],
      [{ start: 10 * H, end: 14 * H }],
    );
    expect(result.outages).toBe(0);
    expect(result.availabilityPercent).toBe(100);
    expect(result.mttrSeconds).toBeNull();
    expect(result.mtbfSeconds).toBeNull();
  });

  it('outages are clipped to the period; two separate outages give the means', () => {
    // −1–1 h (1 h inside) and 10–13 h: down 4 h in 2 outages → MTTR 2 h, MTBF (24 − 4) / 2 = 10 h
    const result = computeAvailability(
      day,
      [
        { start: -1 * H, end: 1 * H, weight: 1, sources: ['INC-1'] },
        { start: 10 * H, end: 13 * H, weight: 1, sources: ['INC-2'] },
        { start: 30 * H, end: 31 * H, weight: 1, sources: ['INC-3'] },
      ],
      [],
    );
    expect(result.outages).toBe(2);
    expect(result.mttrSeconds).toBe(2 * 3600);
    expect(result.mtbfSeconds).toBe(10 * 3600);
  });

  it('no outages: 100 % and no means', () => {
    const result = computeAvailability(day, [], []);
    expect(result).toMatchObject({
      availabilityPercent: 100,
      outages: 0,
      mtbfSeconds: null,
      mttrSeconds: null,
    });
  });

  it('merges touching and overlapping intervals', () => {
    expect(
      mergeIntervals([
        { start: 5, end: 6 },
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 1, end: 2 },
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 6 },
    ]);
  });

  it('a 99.9 % target over 30 days allows 43.2 min; a 1 h outage overspends it at a burn rate of ~1.39', () => {
    const month = { start: 0, end: 30 * 24 * H };
    const result = computeAvailability(month, [{ start: 0, end: H, weight: 1, sources: [] }], []);
    const budget = errorBudget(result, 99.9);
    expect(budget.budgetSeconds).toBeCloseTo(2592, 6);
    expect(budget.remainingSeconds).toBeCloseTo(2592 - 3600, 6);
    expect(budget.burnRate).toBeCloseTo(3600 / 2592, 6);
  });
});

describe('availability within service hours', () => {
  const hours = [{ start: 9 * H, end: 17 * H }]; // 8 h agreed

  it('only time inside the hours is agreed or down: an outage 16–19 h counts 1 h of 8', () => {
    const result = computeAvailability(
      day,
      [{ start: 16 * H, end: 19 * H, weight: 1, sources: ['INC-1'] }],
      [],
      hours,
    );
    expect(result.agreedSeconds).toBe(8 * 3600);
    expect(result.outsideHoursSeconds).toBe(16 * 3600);
    expect(result.downSeconds).toBe(3600);
    expect(result.availabilityPercent).toBeCloseTo((7 / 8) * 100, 10);
    expect(result.mttrSeconds).toBe(3600);
    expect(result.mtbfSeconds).toBe(7 * 3600);
  });

  it('an outage wholly outside the hours is no outage', () => {
    const result = computeAvailability(
      day,
      [{ start: 20 * H, end: 23 * H, weight: 1, sources: [] }],
      [],
      hours,
    );
    expect(result.outages).toBe(0);
    expect(result.availabilityPercent).toBe(100);
  });

  it('maintenance counts only inside the hours: 12–13 h is maintenance, 20–21 h is not', () => {
    const result = computeAvailability(
      day,
      [{ start: 12 * H, end: 14 * H, weight: 0.5, sources: [] }],
      [
        { start: 12 * H, end: 13 * H },
        { start: 20 * H, end: 21 * H },
      ],
      hours,
    );
    expect(result.maintenanceSeconds).toBe(3600);
    expect(result.agreedSeconds).toBe(7 * 3600);
    expect(result.downSeconds).toBe(3600);
    expect(result.weightedDownSeconds).toBe(1800);
    expect(result.availabilityPercent).toBeCloseTo(((7 - 0.5) / 7) * 100, 10);
  });

  it('an outage across the night is one outage, down only in hours, on a business calendar (Mon 16:00 → Tue 10:00, 09–17 Berlin)', () => {
    const from = Date.parse('2026-03-02T00:00:00+01:00'); // Monday
    const to = Date.parse('2026-03-04T00:00:00+01:00');
    const calendar = {
      name: 'office',
      kind: 'business' as const,
      timeZone: 'Europe/Berlin',
      holidays: [],
      week: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    const working = workingIntervals(calendar, new Date(from), new Date(to)).map((i) => ({
      start: i.from.getTime(),
      end: i.to.getTime(),
    }));
    const result = computeAvailability(
      { start: from, end: to },
      [
        {
          start: Date.parse('2026-03-02T16:00:00+01:00'),
          end: Date.parse('2026-03-03T10:00:00+01:00'),
          weight: 1,
          sources: ['INC-9'],
        },
      ],
      [],
      working,
    );
    expect(result.agreedSeconds).toBe(16 * 3600);
    expect(result.downSeconds).toBe(2 * 3600);
    expect(result.outages).toBe(1);
    expect(result.mttrSeconds).toBe(2 * 3600);
    expect(result.availabilityPercent).toBeCloseTo((14 / 16) * 100, 10);
  });
});
