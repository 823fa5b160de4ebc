// The per-process cache of rarely changing reads: a clear announces the change to the other
// processes (the cache bus), a change announced elsewhere empties it here, and a read that began
// before a clear is answered but not kept (it may have read what the clear is about).
import { afterEach, describe, expect, it } from 'vitest';
import { addCacheAnnouncer, clearAllCaches, ttlCache } from './cache.js';

let removeAnnouncer: (() => void) | null = null;
afterEach(() => removeAnnouncer?.());

describe('ttlCache', () => {
  it('keeps a read, and forgets it when cleared here or when another process announces a change', async () => {
    const cache = ttlCache<string>(60_000);
    let loads = 0;
    const load = async () => `value ${++loads}`;
    expect(await cache.get('a', load)).toBe('value 1');
    expect(await cache.get('a', load)).toBe('value 1');
    clearAllCaches(); // what the cache bus does on another process's announcement
    expect(await cache.get('a', load)).toBe('value 2');
    let announced = 0;
    removeAnnouncer = addCacheAnnouncer(() => announced++);
    cache.clear();
    expect(announced).toBe(1);
    expect(await cache.get('a', load)).toBe('value 3');
    clearAllCaches();
    expect(announced, 'forgetting an announced change does not announce it again').toBe(1);
  });

  it('answers a read that was in flight when the cache was cleared, but does not keep it', async () => {
    const cache = ttlCache<string>(60_000);
    let finish!: (value: string) => void;
    const inFlight = cache.get('a', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear(); // the write committed while the read was on its way
    finish('old');
    expect(await inFlight).toBe('old');
    expect(await cache.get('a', async () => 'new')).toBe('new');
    const many = await cache.getMany(['b'], async () => {
      cache.clear();
      return [['b', 'old b']];
    });
    expect(many.get('b')).toBe('old b');
    expect(cache.peek('b')).toBeUndefined();
  });
});
