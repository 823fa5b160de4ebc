// Every event and delivery reads the rules, the templates and the email settings: each process
// keeps them a few seconds. Writes in this process clear the cache at once (after commit); other
// processes see a change within the TTL.
import { ttlCache } from '../../../lib/cache.js';

export const notificationConfigCache = ttlCache<unknown>(5_000);

export function forgetNotificationConfig(): void {
  notificationConfigCache.clear();
}

/** A cached read of configuration (`key` names what is read). */
export async function cachedConfig<T>(key: string, load: () => Promise<T>): Promise<T> {
  const { value } = (await notificationConfigCache.get(key, async () => ({ value: await load() }))) as {
    value: T;
  };
  return value;
}
