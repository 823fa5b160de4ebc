// Integrations: a sending system and its keys. The key travels in the URL given to the sender
// (`?key=`, redacted from logs), as a bearer token, or as PagerDuty's routing key; only its
// SHA-256 is stored. Rotating makes a new key and revokes the old one (at once or after a grace);
// revoking refuses every key until the next rotation.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { FieldMapping, integrationIn, integrationPatchIn } from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import { type Actor, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import { invalidField, notFound, unauthorized } from '../../lib/errors.js';
import { eventIntegrationKeys, eventIntegrations } from './events.schema.js';

export type IntegrationRow = typeof eventIntegrations.$inferSelect;
type KeyRow = typeof eventIntegrationKeys.$inferSelect;

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

function newKey() {
  const key = `odk_${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashOf(key), hint: `…${key.slice(-4)}` };
}

export function intakeUrl(context: AppContext, id: string, key: string | null): string {
  return `${context.config.publicUrl}/api/v1/intake/${id}?key=${key ?? '<key>'}`;
}

export interface IntegrationView {
  integration: IntegrationRow;
  keys: KeyRow[];
  /** The full key, only right after creation or rotation. */
  key: string | null;
}

const defaultMapping: Partial<Record<IntegrationRow['kind'], FieldMapping>> = {
  generic: {
    fingerprint: 'id',
    status: 'status',
    severity: 'severity',
    summary: 'summary',
    description: 'description',
    labels: { instance: 'host', service: 'service' },
    occurredAt: 'time',
  },
};

export async function createIntegration(
  context: AppContext,
  actor: Actor,
  userId: string,
  input: z.output<typeof integrationIn>,
): Promise<IntegrationView> {
  if (input.mapping && input.kind !== 'generic')
    throw invalidField('mapping', `only generic integrations read their payload through a mapping.`);
  const fresh = newKey();
  const now = context.clock.now();
  return withTransaction(context.db, actor, async (tx) => {
    const [integration] = await tx
      .insert(eventIntegrations)
      .values({
        kind: input.kind,
        name: input.name,
        mapping: input.mapping ?? defaultMapping[input.kind] ?? null,
        createdBy: userId,
        createdAt: now,
      })
      .returning();
    const [key] = await tx
      .insert(eventIntegrationKeys)
      .values({ integrationId: integration!.id, hash: fresh.hash, hint: fresh.hint, createdAt: now })
      .returning();
    return { integration: integration!, keys: [key!], key: fresh.key };
  });
}

async function keysOf(db: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(eventIntegrationKeys)
    .where(inArray(eventIntegrationKeys.integrationId, ids))
    .orderBy(desc(eventIntegrationKeys.createdAt));
}

export async function listIntegrations(db: Queryable): Promise<IntegrationView[]> {
  const rows = await db.select().from(eventIntegrations).orderBy(asc(eventIntegrations.name));
  const keys = await keysOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((integration) => ({
    integration,
    keys: keys.filter((key) => key.integrationId === integration.id),
    key: null,
  }));
}

export async function getIntegration(db: Queryable, id: string): Promise<IntegrationRow> {
  const [row] = await db.select().from(eventIntegrations).where(eq(eventIntegrations.id, id));
  if (!row) throw notFound(`The integration ${id}`);
  return row;
}

export async function integrationView(
  db: Queryable,
  id: string,
  key: string | null = null,
): Promise<IntegrationView> {
  const integration = await getIntegration(db, id);
  return { integration, keys: await keysOf(db, [id]), key };
}

export async function updateIntegration(
  context: AppContext,
  actor: Actor,
  id: string,
  patch: z.output<typeof integrationPatchIn>,
): Promise<IntegrationView> {
  const current = await getIntegration(context.db, id);
  if (patch.mapping && current.kind !== 'generic')
    throw invalidField('mapping', `only generic integrations read their payload through a mapping.`);
  await withTransaction(context.db, actor, (tx) =>
    tx
      .update(eventIntegrations)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.mapping !== undefined ? { mapping: patch.mapping } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      })
      .where(eq(eventIntegrations.id, id)),
  );
  integrationCache.clear();
  return integrationView(context.db, id);
}

async function revokeAll(tx: Tx, id: string, at: Date) {
  await tx
    .update(eventIntegrationKeys)
    .set({ revokedAt: at })
    .where(
      and(
        eq(eventIntegrationKeys.integrationId, id),
        or(isNull(eventIntegrationKeys.revokedAt), gt(eventIntegrationKeys.revokedAt, at)),
      ),
    );
}

/** A new key; the old ones stop working now, or after `graceMinutes`. */
export async function rotateKey(
  context: AppContext,
  actor: Actor,
  id: string,
  graceMinutes = 0,
): Promise<IntegrationView> {
  await getIntegration(context.db, id);
  const now = context.clock.now();
  const fresh = newKey();
  await withTransaction(context.db, actor, async (tx) => {
    await revokeAll(tx, id, new Date(now.getTime() + graceMinutes * 60_000));
    await tx
      .insert(eventIntegrationKeys)
      .values({ integrationId: id, hash: fresh.hash, hint: fresh.hint, createdAt: now });
  });
  keyCache.clear();
  return integrationView(context.db, id, fresh.key);
}

/** Every key of the integration refused from now on (rotate to issue a new one). */
export async function revokeKeys(context: AppContext, actor: Actor, id: string): Promise<IntegrationView> {
  await getIntegration(context.db, id);
  await withTransaction(context.db, actor, (tx) => revokeAll(tx, id, context.clock.now()));
  keyCache.clear();
  return integrationView(context.db, id);
}

// Intake checks a key on every message: known keys are remembered for a few seconds (a revocation
// in another process is seen within that time; in this one, at once).
const keyCache = ttlCache<{ integrationId: string; revokedAt: Date | null }>(5_000);
const integrationCache = ttlCache<IntegrationRow>(5_000);

/** The integration a key opens, or a 401 (unknown, revoked, another integration's, disabled). */
export async function integrationForKey(
  context: AppContext,
  id: string,
  key: string | undefined,
): Promise<IntegrationRow> {
  if (!key)
    throw unauthorized('missing_key', 'Send the integration key: ?key=, or Authorization: Bearer <key>.');
  const found = await keyCache.get(hashOf(key), async () => {
    const [row] = await context.db
      .select({
        integrationId: eventIntegrationKeys.integrationId,
        revokedAt: eventIntegrationKeys.revokedAt,
      })
      .from(eventIntegrationKeys)
      .where(eq(eventIntegrationKeys.hash, hashOf(key)));
    return row;
  });
  const now = context.clock.now();
  if (!found || found.integrationId !== id || (found.revokedAt && found.revokedAt <= now))
    throw unauthorized('invalid_key', 'The integration key is wrong or has been revoked.');
  const integration = await integrationCache.get(id, () => getIntegration(context.db, id));
  if (!integration!.enabled) throw unauthorized('integration_disabled', 'This integration is disabled.');
  return integration!;
}
