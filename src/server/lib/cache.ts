// A per-process cache of rarely changing reads (catalog, SLA policies, notification settings,
// who a token belongs to), kept for `ttlMs`. The module that writes the data clears its cache once
// its writes commit; the clear is announced to the other processes on the same database (the cache
// bus, `cache-bus.ts`: one NOTIFY, every process empties its caches), so a revoked key or a changed
// request type is seen everywhere within milliseconds; `ttlMs` bounds staleness only while a
// process's listener is down. Only hits are kept, so a missing row is looked up again.

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
  /** Empties it after a write committed, here and (through the cache bus) in every other process. */
  clear(): void;
}

/** Something a process keeps that a write anywhere may make stale. */
export interface Clearable {
  /** Empties it here only (a change announced by another process). */
  forget(): void;
}

/** Every cache of the process: one process serves one database, except in tests. */
const everyCache = new Set<Clearable>();

/** Registers a process-wide cache that is not a ttlCache (it is emptied with the others). */
export function registerClearable(cache: Clearable): void {
  everyCache.add(cache);
}

/**
 * Empties every cache of the process, without telling other processes: for a change announced by
 * another process, and for tests that start a second app on another database in the same process
 * (a request type's id cached from the first would not exist in the second).
 */
export function clearAllCaches(): void {
  for (const cache of everyCache) cache.forget();
}

const announcers = new Set<() => void>();

/**
 * Added by the cache bus while it runs (one per database the process uses: one, except in tests):
 * tells the other processes that something cached changed. Returns its removal.
 */
export function addCacheAnnouncer(announcer: () => void): () => void {
  announcers.add(announcer);
  return () => announcers.delete(announcer);
}

/** A write committed that makes cached reads stale: every other process empties its caches. */
export function announceCacheChange(): void {
  for (const announce of announcers) announce();
}

export function ttlCache<T>(ttlMs: number, maxEntries = 10_000): TtlCache<T> {
  const entries = new Map<string, { value: T; until: number }>();
  // A load that began before a clear may have read what the clear is about: it is returned, not kept.
  let generation = 0;
  const cache: TtlCache<T> = {
    async get(key, load) {
      const entry = entries.get(key);
      if (entry && entry.until > Date.now()) return entry.value;
      const began = generation;
      const value = await load();
      if (value !== undefined && began === generation) this.set(key, value);
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
        const began = generation;
        for (const [key, value] of await loadMissing(missing)) {
          if (began === generation) this.set(key, value);
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
      generation++;
      announceCacheChange();
    },
  };
  everyCache.add({
    forget() {
      entries.clear();
      generation++;
    },
  });
  return cache;
}
