import { describe, expect, it } from 'vitest';
import { countByPriority } from './incidents';

describe('incident pages', () => {
  it('counts open incidents per priority, every priority listed in order', () => {
    expect(countByPriority([{ priority: 'high' }, { priority: 'critical' }, { priority: 'high' }])).toEqual([
      ['critical', 1],
      ['high', 2],
      ['moderate', 0],
      ['low', 0],
      ['planning', 0],
    ]);
  });
});
