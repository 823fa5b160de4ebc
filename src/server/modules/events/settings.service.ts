// Event management's settings (one row, created with its defaults on first read).
import type { z } from 'zod';
import type { eventSettingsIn } from '../../../shared/api/events.js';
import { type Actor, type Db, type Queryable, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { eventSettings } from './events.schema.js';

export type EventSettings = Omit<typeof eventSettings.$inferSelect, 'id'>;

const cache = ttlCache<EventSettings>(5_000, 1);

export async function settingsOf(db: Queryable): Promise<EventSettings> {
  return (await cache.get('settings', async () => {
    const [row] = await db.select().from(eventSettings);
    const { id: _id, ...rest } = row ??
      (await db.insert(eventSettings).values({ id: 1 }).onConflictDoNothing().returning())[0] ?? {
        id: 1,
        flapCount: 4,
        flapWindowMinutes: 30,
        retentionDays: 90,
        deadLetterLimit: 200,
      };
    return rest;
  }))!;
}

export async function updateSettings(db: Db, actor: Actor, patch: z.output<typeof eventSettingsIn>) {
  await settingsOf(db);
  await withTransaction(db, actor, (tx) => tx.update(eventSettings).set(patch));
  cache.clear();
  return settingsOf(db);
}
