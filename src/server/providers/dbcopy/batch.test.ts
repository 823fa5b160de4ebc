import { describe, expect, it } from 'vitest';
import { Batcher } from './batch.js';

describe('Batcher', () => {
  it('hands out a batch when the row limit is reached', () => {
    const batcher = new Batcher<number>({ maxItems: 3, maxBytes: 1_000 });
    expect(batcher.add(1, 10)).toBeNull();
    expect(batcher.add(2, 10)).toBeNull();
    expect(batcher.add(3, 10)).toEqual([1, 2, 3]);
    expect(batcher.add(4, 10)).toBeNull();
    expect(batcher.drain()).toEqual([4]);
  });

  it('hands out a batch when the byte limit is reached', () => {
    const batcher = new Batcher<string>({ maxItems: 100, maxBytes: 25 });
    expect(batcher.add('a', 10)).toBeNull();
    expect(batcher.add('b', 10)).toBeNull();
    expect(batcher.add('c', 10)).toEqual(['a', 'b', 'c']);
  });

  it('sends an item larger than the byte limit on its own', () => {
    const batcher = new Batcher<string>({ maxItems: 100, maxBytes: 25 });
    expect(batcher.add('huge', 500)).toEqual(['huge']);
    expect(batcher.add('small', 1)).toBeNull();
    expect(batcher.drain()).toEqual(['small']);
  });

  it('drains to nothing when everything was handed out', () => {
    const batcher = new Batcher<number>({ maxItems: 1, maxBytes: 10 });
    expect(batcher.add(1, 1)).toEqual([1]);
    expect(batcher.drain()).toEqual([]);
  });
});
