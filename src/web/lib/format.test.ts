import { describe, expect, it } from 'vitest';
import { duration } from './format';

describe('duration', () => {
  it('shows the largest unit and the next one', () => {
    expect(duration(3725)).toBe('1 h 2 min');
    expect(duration(525)).toBe('8 min 45 s');
    expect(duration(36)).toBe('36 s');
    expect(duration(93_784)).toBe('1 d 2 h');
    expect(duration(86_400 + 300)).toBe('1 d');
    expect(duration(-90)).toBe('−1 min 30 s');
    expect(duration(0)).toBe('0 s');
    expect(duration(null)).toBe('—');
  });

  it('keeps every unit when exact', () => {
    expect(duration(93_784, { exact: true })).toBe('1 d 2 h 3 min 4 s');
    expect(duration(22_860, { exact: true })).toBe('6 h 21 min');
  });
});
