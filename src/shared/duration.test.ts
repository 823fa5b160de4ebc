import { describe, expect, it } from 'vitest';
import { formatHms, humanDuration, improvementPercentage, parseHms } from './duration.js';

describe('formatHms', () => {
  it('prints the paper Table 3 targets', () => {
    expect(formatHms(8 * 60 + 45)).toBe('0:08:45');
    expect(formatHms(40 * 3600 + 36)).toBe('40:00:36');
    expect(formatHms(6 * 3600 + 14 * 60 + 42)).toBe('6:14:42');
    expect(formatHms(0)).toBe('0:00:00');
  });

  it('rounds to the nearest second and signs overdue time', () => {
    expect(formatHms(524.6)).toBe('0:08:45');
    expect(formatHms(-300)).toBe('-0:05:00');
  });

  it('refuses what is not a number of seconds', () => {
    expect(() => formatHms(Number.NaN)).toThrow(RangeError);
    expect(() => formatHms(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('parseHms', () => {
  it('reads the paper targets, with or without a leading zero', () => {
    expect(parseHms('6:21:00')).toBe(22860);
    expect(parseHms('06:14:42')).toBe(22482);
    expect(parseHms('40:00:36')).toBe(144036);
    expect(parseHms('0:08:45')).toBe(525);
  });

  it('rejects junk', () => {
    for (const junk of [
      '',
      '6:21',
      '6:60:00',
      '6:21:60',
      ' 6:21:00',
      '6:21:00 ',
      '-1:00:00',
      'a:bb:cc',
      '6:2:00',
      '1.5:00:00',
    ]) {
      expect(() => parseHms(junk), junk).toThrow(RangeError);
    }
  });

  it('round-trips with formatHms', () => {
    for (const seconds of [0, 1, 59, 60, 3599, 3600, 22860, 144036, 360000]) {
      expect(parseHms(formatHms(seconds))).toBe(seconds);
    }
  });
});

describe('humanDuration', () => {
  it('writes durations the way the paper Tables 5 and 7 do', () => {
    expect(humanDuration(525)).toBe('8 minutes 45 seconds');
    expect(humanDuration(15 * 3600 + 53 * 60 + 24)).toBe('15 hours 53 minutes 24 seconds');
    expect(humanDuration(36)).toBe('36 seconds');
    expect(humanDuration(40 * 3600 + 36)).toBe('40 hours 36 seconds');
    expect(humanDuration(6 * 3600 + 21 * 60)).toBe('6 hours 21 minutes');
    expect(humanDuration(27 * 60)).toBe('27 minutes');
  });

  it('uses the singular for one (the paper prints "1 hours 43 minutes")', () => {
    expect(humanDuration(3600 + 43 * 60)).toBe('1 hour 43 minutes');
    expect(humanDuration(3600 + 60 + 1)).toBe('1 hour 1 minute 1 second');
  });

  it('says zero and refuses negative durations', () => {
    expect(humanDuration(0)).toBe('0 seconds');
    expect(humanDuration(0.4)).toBe('0 seconds');
    expect(() => humanDuration(-1)).toThrow(RangeError);
  });
});

describe('improvementPercentage', () => {
  // (target − actual) / actual × 100 on the paper's Table 7 rows, computed by hand:
  it('start request-only: (525 − 36) / 36 = 13.5833… → 1358.33 (paper prints 1453.33)', () => {
    expect(improvementPercentage(525, 36)).toBe(1358.33);
  });
  it('recreate: (144036 − 57204) / 57204 = 1.51794… → 151.79 (paper prints 257.79)', () => {
    expect(improvementPercentage(144036, 57204)).toBe(151.79);
  });
  it('copy database: (22482 − 812) / 812 = 26.68719… → 2668.72 (paper prints 2836.64)', () => {
    expect(improvementPercentage(22482, 812)).toBe(2668.72);
  });
  it('create domain: (22860 − 1620) / 1620 = 13.1111… → 1311.11 (paper prints 84666.67)', () => {
    expect(improvementPercentage(22860, 1620)).toBe(1311.11);
  });

  it('is negative when the actual is slower than the target, zero when equal', () => {
    expect(improvementPercentage(100, 200)).toBe(-50);
    expect(improvementPercentage(60, 60)).toBe(0);
  });

  it('refuses a zero actual', () => {
    expect(() => improvementPercentage(525, 0)).toThrow(RangeError);
  });
});
