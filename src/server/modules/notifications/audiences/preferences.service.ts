// Per-person notification preferences: per event, email now / in the digest / never, and the
// in-app bell; the hour the digest goes out.
import { and, eq, inArray } from 'drizzle-orm';
import type { PreferencesInput } from '../../../../shared/api/notifications.js';
import { type Actor, type Db, type Queryable, type Tx, withTransaction } from '../../../db/client.js';
import { notificationPreferences, notificationUserSettings } from '../notifications.schema.js';
import { eventDefinitions, notificationEvents } from '../pipeline/events.js';
import { defaultPreference, type Preference } from './preferences.js';

export type { PreferencesInput };

export const defaultDigestHour = 8;

export async function preferencesOf(db: Queryable, userIds: string[], event: string) {
  const found = new Map<string, Preference>();
  if (userIds.length === 0) return found;
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.event, event)));
  for (const row of rows) found.set(row.userId, { email: row.email, inApp: row.inApp });
  return found;
}

export async function digestHourOf(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ digestHour: notificationUserSettings.digestHour })
    .from(notificationUserSettings)
    .where(eq(notificationUserSettings.userId, userId));
  return row?.digestHour ?? defaultDigestHour;
}

export async function getPreferences(db: Queryable, userId: string) {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((row) => [row.event, row]));
  return {
    digestHour: await digestHourOf(db, userId),
    events: notificationEvents.map((event) => {
      const row = chosen.get(event);
      return {
        event,
        label: eventDefinitions[event].label,
        email: row?.email ?? defaultPreference.email,
        inApp: row?.inApp ?? defaultPreference.inApp,
      };
    }),
  };
}

async function setPreference(tx: Tx, userId: string, event: string, preference: Preference, now: Date) {
  await tx
    .insert(notificationPreferences)
    .values({ userId, event, ...preference, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.event],
      set: { ...preference, updatedAt: now },
    });
}

export async function updatePreferences(
  db: Db,
  actor: Actor,
  userId: string,
  input: PreferencesInput,
  now: Date,
) {
  await withTransaction(db, actor, async (tx) => {
    if (input.digestHour !== undefined) {
      await tx
        .insert(notificationUserSettings)
        .values({ userId, digestHour: input.digestHour, updatedAt: now })
        .onConflictDoUpdate({
          target: notificationUserSettings.userId,
          set: { digestHour: input.digestHour, updatedAt: now },
        });
    }
    for (const entry of input.events)
      await setPreference(tx, userId, entry.event, { email: entry.email, inApp: entry.inApp }, now);
  });
  return getPreferences(db, userId);
}

/** The unsubscribe link of an email about `event`: no more such emails (the bell stays as it was). */
export async function stopEmails(tx: Tx, userId: string, event: string, now: Date) {
  const [current] = await preferencesOf(tx, [userId], event).then((found) => [...found.values()]);
  await setPreference(
    tx,
    userId,
    event,
    { email: 'off', inApp: current?.inApp ?? defaultPreference.inApp },
    now,
  );
}
