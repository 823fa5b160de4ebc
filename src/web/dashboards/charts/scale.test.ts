import { describe, expect, it } from 'vitest';
import {
  countTicks,
  durationTicks,
  labelIndices,
  linearScale,
  niceStep,
  percentTicks,
  shortDuration,
  wrapParts,
} from './scale';

describe('linearScale', () => {
  it('maps the domain onto the range', () => {
    const x = linearScale(0, 100, 10, 210);
    expect(x(0)).toBe(10);
    expect(x(50)).toBe(110);
    expect(x(100)).toBe(210);
  });
  it('maps a zero-width domain to the start', () => {
    expect(linearScale(0, 0, 5, 50)(0)).toBe(5);
  });
});

describe('niceStep', () => {
  it('picks 1, 2, 2.5, 5 × 10^n', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(0.9, 4)).toBe(0.25);
  });
});

describe('countTicks', () => {
  it('goes from 0 to a nice maximum with whole steps', () => {
    expect(countTicks(9, 4)).toEqual([0, 3, 6, 9]);
    expect(countTicks(3, 4)).toEqual([0, 1, 2, 3]);
    expect(countTicks(37, 4)).toEqual([0, 10, 20, 30, 40]);
  });
  it('has an axis even without data', () => {
    expect(countTicks(0)).toEqual([0, 1]);
  });
});

describe('percentTicks', () => {
  it('uses 0–100 for large shares and a finer scale for small ones', () => {
    expect(percentTicks(80)).toEqual([0, 25, 50, 75, 100]);
    expect(percentTicks(4.63)).toEqual([0, 2, 4, 6]);
  });
});

describe('durationTicks', () => {
  it('uses human steps', () => {
    expect(durationTicks(525, 4)).toEqual([0, 300, 600]);
    expect(durationTicks(144_036, 4)).toEqual([0, 43_200, 86_400, 129_600, 172_800]);
    expect(durationTicks(3_000, 4)).toEqual([0, 900, 1800, 2700, 3600]);
  });
});

describe('shortDuration', () => {
  it('prints the largest unit', () => {
    expect(shortDuration(0)).toBe('0');
    expect(shortDuration(45)).toBe('45 s');
    expect(shortDuration(90)).toBe('1.5 min');
    expect(shortDuration(7200)).toBe('2 h');
    expect(shortDuration(172_800)).toBe('2 d');
  });
});

describe('labelIndices', () => {
  it('keeps every label when there is room', () => {
    expect(labelIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
  });
  it('thins labels evenly and keeps the last', () => {
    expect(labelIndices(30, 5)).toEqual([0, 7, 15, 22, 29]);
    expect(labelIndices(31, 4)).toEqual([0, 10, 20, 30]);
  });
  it('handles nothing', () => {
    expect(labelIndices(0, 4)).toEqual([]);
  });
});

describe('wrapParts', () => {
  it('keeps one line when it fits', () => {
    expect(wrapParts(['a', 'b'], 200, 2)).toEqual(['a · b']);
  });
  it('breaks between parts, never inside one', () => {
    expect(wrapParts(['Target 8 min 45 s', '2 met', '0 breached'], 140, 2)).toEqual([
      'Target 8 min 45 s',
      '2 met · 0 breached',
    ]);
  });
  it('cuts what does not fit in the last line', () => {
    const lines = wrapParts(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'], 80, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('aaaaaaaaaa');
    expect(lines[1].endsWith('…')).toBe(true);
  });
});
