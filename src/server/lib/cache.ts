// A per-process cache of rarely changing reads (catalog, SLA policies, notification settings),
// kept for `ttlMs`. The module that writes the data clears it once its writes commit; other
// processes see a change within `ttlMs`. Only hits are kept, so a missing row is looked up again.

export interface TtlCache<T> {
  get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Several keys at once: fresh ones from the cache, the others by one `loadMissing` call. */
  getMany(
    keys: string[],
    loadMissing: (missing: string[]) => Promise<[string, T][]>,
  ): Promise<Map<string, T>>;
  /** The cached value if fresh, without loading. */
  peek(key: string): T | undefined;
  set(key: string, value: T): void;
  clear(): void;
}

/** Every cache of the process: one process serves one database, except in tests. */
const everyCache = new Set<TtlCache<unknown>>();

/**
 * Empties every cache of the process. For tests that start a second app on another database in
 * the same process (a request type's id cached from the first would not exist in the second).
 */
export function clearAllCaches(): void {
  for (const cache of everyCache) cache.clear();
}

export function ttlCache<T>(ttlMs: number, maxEntries = 10_000): TtlCache<T> {
  const entries = new Map<string, { value: T; until: number }>();
  const cache: TtlCache<T> = {
    async get(key, load) {
      const entry = entries.get(key);
      if (entry && entry.until > Date.now()) return entry.value;
      const value = await load();
      if (value !== undefined) this.set(key, value);
      return value;
    },
    async getMany(keys, loadMissing) {
      const found = new Map<string, T>();
      const missing: string[] = [];
      for (const key of new Set(keys)) {
        const hit = this.peek(key);
        if (hit !== undefined) found.set(key, hit);
        else missing.push(key);
      }
      if (missing.length > 0) {
        for (const [key, value] of await loadMissing(missing)) {
          this.set(key, value);
          found.set(key, value);
        }
      }
      return found;
    },
    peek(key) {
      const entry = entries.get(key);
      return entry && entry.until > Date.now() ? entry.value : undefined;
    },
    set(key, value) {
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, until: Date.now() + ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
  everyCache.add(cache as TtlCache<unknown>);
  return cache;
}
