// What holds an alert back from opening incidents: silences (label matchers, or a CI) and
// maintenance — declared windows over CIs (and, by choice, what depends on them), plus any source
// plugged in through `configureMaintenanceSource` (the changes practice: a CI under an approved
// change inside its window). Held alerts are recorded with status `suppressed` or `maintenance`.
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { z } from 'zod';
import type { maintenanceIn, silenceIn } from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { invalidField } from '../../lib/errors.js';
import { impactOf, resolveCi } from '../cmdb/index.js';
import { alertSilences, maintenanceWindows, type SilenceMatcher } from './events.schema.js';

/**
 * A source of maintenance: given CIs and an instant, the reason for each of them that is under
 * maintenance then (CIs that are not are absent). Asked once per delivered message for all its CIs.
 */
export type MaintenanceSource = (
  db: Queryable,
  ciIds: readonly string[],
  at: Date,
) => Promise<ReadonlyMap<string, string>>;

const sources: MaintenanceSource[] = [];

/** Plugs in another source of maintenance (e.g. approved changes in their window). */
export function configureMaintenanceSource(source: MaintenanceSource): void {
  sources.push(source);
}

export function matchesSilence(matchers: readonly SilenceMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => {
    const value = labels[matcher.label] ?? '';
    if (!matcher.regex) return value === matcher.value;
    try {
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    } catch {
      return false;
    }
  });
}

// What a window covers with its dependents is computed once per window (windows are never edited)
// and kept a while, not per alert: a storm during a wide window would otherwise walk the
// dependency graph once per alert and root. A relation added to the CMDB meanwhile counts
// within the cache's time.
const coveredCache = ttlCache<ReadonlySet<string>>(30_000, 1_000);

async function coveredBy(db: Queryable, window: typeof maintenanceWindows.$inferSelect) {
  return (await coveredCache.get(window.id, async () => {
    const covered = new Set<string>(window.ciIds);
    if (window.includeDependents)
      for (const root of window.ciIds)
        for (const entry of await impactOf(db, root, 'down', 12)) covered.add(entry.id);
    return covered;
  }))!;
}

export interface Holdable {
  labels: Record<string, string>;
  ciId: string | null;
  serviceId: string | null;
}

/** The windows and silences in force at an instant: read once per delivered message, not per alert. */
export interface ActiveHolds {
  windows: (typeof maintenanceWindows.$inferSelect)[];
  silences: (typeof alertSilences.$inferSelect)[];
  /** CI → the maintenance sources' reason (null: none), asked once per CI for a message. */
  sourced: Map<string, string | null>;
}

/** Asks the maintenance sources about the CIs not asked yet, all at once. */
export async function askSources(
  db: Queryable,
  holds: ActiveHolds,
  ciIds: readonly string[],
  at: Date,
): Promise<void> {
  const missing = [...new Set(ciIds)].filter((id) => !holds.sourced.has(id));
  if (missing.length === 0) return;
  for (const id of missing) holds.sourced.set(id, null);
  for (const source of sources)
    for (const [id, reason] of await source(db, missing, at))
      if (holds.sourced.get(id) === null) holds.sourced.set(id, reason);
}

export async function activeHolds(db: Queryable, at: Date): Promise<ActiveHolds> {
  const windows = await db
    .select()
    .from(maintenanceWindows)
    .where(and(lte(maintenanceWindows.startsAt, at), gt(maintenanceWindows.endsAt, at)));
  const silences = await db
    .select()
    .from(alertSilences)
    .where(and(lte(alertSilences.startsAt, at), gt(alertSilences.endsAt, at)));
  return { windows, silences, sourced: new Map() };
}

/**
 * Why the alert is held now: `{status:'suppressed', by:'silence:<id>'}`, `{status:'maintenance',
 * by:'maintenance:<id>' | the source's word}`, or null. `holds`: what `activeHolds` read for this
 * instant (read here when not given).
 */
export async function holdOf(
  db: Queryable,
  alert: Holdable,
  at: Date,
  holds?: ActiveHolds,
): Promise<{ status: 'suppressed' | 'maintenance'; by: string } | null> {
  const held = holds ?? (await activeHolds(db, at));
  const { windows, silences } = held;
  const ciIds = [alert.ciId, alert.serviceId].filter((id): id is string => Boolean(id));
  for (const window of windows) {
    if (ciIds.length === 0) break;
    const covered = await coveredBy(db, window);
    if (ciIds.some((id) => covered.has(id))) return { status: 'maintenance', by: `maintenance:${window.id}` };
  }
  await askSources(db, held, ciIds, at);
  for (const id of ciIds) {
    const reason = held.sourced.get(id);
    if (reason) return { status: 'maintenance', by: reason };
  }
  for (const silence of silences) {
    if (silence.ciId && silence.ciId !== alert.ciId) continue;
    if (silence.matchers.length === 0 && !silence.ciId) continue;
    if (matchesSilence(silence.matchers, alert.labels))
      return { status: 'suppressed', by: `silence:${silence.id}` };
  }
  return null;
}

function window(startsAt: string | undefined, endsAt: string, now: Date) {
  const start = startsAt ? new Date(startsAt) : now;
  const end = new Date(endsAt);
  if (end <= start) throw invalidField('endsAt', 'must be after startsAt.');
  return { start, end };
}

export async function createSilence(
  context: AppContext,
  actor: Actor,
  input: z.output<typeof silenceIn> & { matchers: SilenceMatcher[] },
) {
  const now = context.clock.now();
  const { start, end } = window(input.startsAt, input.endsAt, now);
  if (end <= now) throw invalidField('endsAt', 'must be in the future.');
  const ci = input.ci ? await resolveCi(context.db, input.ci, { field: 'ci' }) : null;
  if (input.matchers.length === 0 && !ci)
    throw invalidField('matchers', 'give at least one matcher, a CI or an alert.');
  for (const [index, matcher] of input.matchers.entries()) {
    if (!matcher.regex) continue;
    try {
      new RegExp(matcher.value);
    } catch (error) {
      throw invalidField(
        `matchers.${index}.value`,
        `is not a regular expression: ${(error as Error).message}`,
      );
    }
  }
  const [row] = await withTransaction(context.db, actor, (tx) =>
    tx
      .insert(alertSilences)
      .values({
        matchers: input.matchers,
        ciId: ci?.id ?? null,
        startsAt: start,
        endsAt: end,
        comment: input.comment,
        createdBy: actor.label,
        createdAt: now,
      })
      .returning(),
  );
  return row!;
}

export async function expireSilence(context: AppContext, actor: Actor, id: string) {
  const now = context.clock.now();
  const [row] = await withTransaction(context.db, actor, (tx) =>
    tx
      .update(alertSilences)
      .set({ endsAt: now })
      .where(and(gt(alertSilences.endsAt, now), eq(alertSilences.id, id)))
      .returning(),
  );
  return row;
}

export async function listSilences(db: Queryable) {
  return db.select().from(alertSilences).orderBy(desc(alertSilences.endsAt)).limit(500);
}

export async function createMaintenance(
  context: AppContext,
  actor: Actor,
  input: z.output<typeof maintenanceIn>,
) {
  const now = context.clock.now();
  const { start, end } = window(input.startsAt, input.endsAt, now);
  const ciIds: string[] = [];
  for (const [index, ref] of input.cis.entries())
    ciIds.push((await resolveCi(context.db, ref, { field: `cis.${index}` })).id);
  const [row] = await withTransaction(context.db, actor, (tx) =>
    tx
      .insert(maintenanceWindows)
      .values({
        name: input.name,
        ciIds: [...new Set(ciIds)],
        includeDependents: input.includeDependents,
        startsAt: start,
        endsAt: end,
        comment: input.comment ?? '',
        createdBy: actor.label,
        createdAt: now,
      })
      .returning(),
  );
  return row!;
}

export async function listMaintenance(db: Queryable) {
  return db.select().from(maintenanceWindows).orderBy(asc(maintenanceWindows.startsAt)).limit(500);
}
