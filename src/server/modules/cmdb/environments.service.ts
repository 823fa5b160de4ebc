// Staging environments in the CMDB: each inventory environment is a CI of class
// staging_environment (one per name: a recreated environment stays the same CI), which runs_on
// its instance (a server CI), depends_on its databases, and which its domains depend_on. The
// inventory stays where request forms, verification and fulfilment read; this mirror is written
// in the same transaction as each inventory change, with its cause (an admin, a provider sync, or
// the fulfilment run of a ticket), so a CI's history says which ticket changed it.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  addExternalId,
  type ChangeCause,
  type CiRow,
  changeCi,
  findCiByExternalId,
  insertCi,
} from './cis.service.js';
import { ciExternalIds, cis } from './cmdb.schema.js';
import { addRelation, relationsWithOthers, removeRelation } from './relations.service.js';

/** An inventory environment as the CMDB needs it. */
export interface EnvironmentFacts {
  name: string;
  /** The connection's name (sandbox, aws-staging …). */
  provider: string;
  externalId: string;
  state: string;
  requestOnly: boolean;
  region: string | null;
  url: string | null;
  domains: string[];
  databases: { engine: string; name: string }[];
  endDate: string | null;
}

const environmentSource = 'inventory';
const databaseSource = 'inventory-database';
const engines = new Set(['postgres', 'mysql', 'mongodb']);

async function byName(tx: Tx, classKey: string, name: string): Promise<CiRow | undefined> {
  const [row] = await tx
    .select()
    .from(cis)
    .where(and(eq(cis.classKey, classKey), eq(cis.name, name)));
  return row;
}

/** Finds by external id, else by name; creates it when missing; keeps it up to date. */
async function upsert(
  tx: Tx,
  classKey: string,
  name: string,
  external: { source: string; externalId: string },
  patch: { status: CiRow['status']; attributes: Record<string, unknown> },
  cause: ChangeCause,
): Promise<CiRow> {
  const existing =
    (await findCiByExternalId(tx, external.source, external.externalId)) ??
    (await byName(tx, classKey, name));
  if (!existing) {
    return insertCi(
      tx,
      { classKey, name, ...patch, source: environmentSource, externalIds: [external] },
      cause,
    );
  }
  await addExternalId(tx, existing.id, external.source, external.externalId);
  return changeCi(tx, existing.id, patch, cause);
}

interface Lookup {
  classKey: string;
  name: string;
  external: { source: string; externalId: string };
}

/**
 * The CIs of these lookups in one statement, locked for the change that follows: each one by its
 * external id, else by class and name (as `upsert` finds it); `byExternalId` says which.
 */
async function findLocked(
  tx: Tx,
  lookups: Lookup[],
): Promise<({ ci: CiRow; byExternalId: boolean } | undefined)[]> {
  const pairs = lookups.map(
    (lookup) =>
      sql`(${ciExternalIds.source} = ${lookup.external.source} and ${ciExternalIds.externalId} = ${lookup.external.externalId})`,
  );
  const rows = await tx
    .select({
      ci: cis,
      external: sql<[string, string][]>`coalesce((select json_agg(json_build_array(x.source, x.external_id))
        from ${ciExternalIds} x where x.ci_id = ${cis.id}), '[]'::json)`,
    })
    .from(cis)
    .where(
      or(
        sql`${cis.id} = any(array(select ${ciExternalIds.ciId} from ${ciExternalIds} where ${sql.join(pairs, sql` or `)}))`,
        // lower(name) as well: the condition the unique index (class, lower(name)) serves.
        ...lookups.map((lookup) =>
          and(
            eq(cis.classKey, lookup.classKey),
            sql`lower(${cis.name}) = lower(${lookup.name})`,
            eq(cis.name, lookup.name),
          ),
        ),
      ),
    )
    // Locked in id order, as two mirrors touching the same CIs would both lock them: no deadlock.
    .orderBy(cis.id)
    .for('no key update', { of: cis });
  return lookups.map((lookup) => {
    const external = rows.find((row) =>
      row.external.some(
        ([source, id]) => source === lookup.external.source && id === lookup.external.externalId,
      ),
    );
    if (external) return { ci: external.ci, byExternalId: true };
    const named = rows.find((row) => row.ci.classKey === lookup.classKey && row.ci.name === lookup.name);
    return named ? { ci: named.ci, byExternalId: false } : undefined;
  });
}

/** `upsert` of a CI `findLocked` looked up. */
async function upsertFound(
  tx: Tx,
  lookup: Lookup,
  found: { ci: CiRow; byExternalId: boolean; stale?: boolean } | undefined,
  patch: { status: CiRow['status']; attributes: Record<string, unknown> },
  cause: ChangeCause,
): Promise<CiRow> {
  if (!found) {
    return insertCi(
      tx,
      {
        classKey: lookup.classKey,
        name: lookup.name,
        ...patch,
        source: environmentSource,
        externalIds: [lookup.external],
      },
      cause,
    );
  }
  // Found by its external id: it has it already.
  if (!found.byExternalId)
    await addExternalId(tx, found.ci.id, lookup.external.source, lookup.external.externalId);
  return changeCi(tx, found.ci.id, patch, cause, found.stale ? undefined : found.ci);
}

const defined = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));

/** Brings the environment's CI, its instance, databases and domains in line with the inventory. */
export async function mirrorEnvironment(tx: Tx, env: EnvironmentFacts, cause: ChangeCause): Promise<CiRow> {
  const retired = env.state === 'terminated';
  // The environment's CI and its instance's, read (and locked) together.
  const lookups: [Lookup, Lookup] = [
    {
      classKey: 'staging_environment',
      name: env.name,
      external: { source: environmentSource, externalId: env.name },
    },
    {
      classKey: 'server',
      name: `${env.name} (${env.externalId})`,
      external: { source: env.provider, externalId: env.externalId },
    },
  ];
  const [foundCi, foundInstance] = await findLocked(tx, lookups);
  const ci = await upsertFound(
    tx,
    lookups[0],
    foundCi,
    {
      status: retired ? 'retired' : 'active',
      attributes: defined({
        provider: env.provider,
        externalId: env.externalId,
        state: env.state,
        requestOnly: env.requestOnly,
        url: env.url,
        region: env.region,
        endDate: env.endDate,
      }),
    },
    cause,
  );

  const instance = await upsertFound(
    tx,
    lookups[1],
    // One CI found by both lookups was changed just now: read again (as changeCi would).
    foundInstance && foundInstance.ci.id === ci.id ? { ...foundInstance, stale: true } : foundInstance,
    {
      status: retired ? 'retired' : 'active',
      attributes: defined({
        provider: env.provider,
        externalId: env.externalId,
        region: env.region,
        state: env.state,
      }),
    },
    cause,
  );
  const databases: CiRow[] = [];
  for (const database of env.databases) {
    const name = `${env.name}/${database.name}`;
    databases.push(
      await upsert(
        tx,
        'database',
        name,
        { source: databaseSource, externalId: name },
        {
          status: retired ? 'retired' : 'active',
          attributes: { engine: engines.has(database.engine) ? database.engine : 'other' },
        },
        cause,
      ),
    );
  }
  const domains: CiRow[] = [];
  for (const domain of env.domains) {
    const existing = await byName(tx, 'domain', domain);
    domains.push(
      existing ??
        (await insertCi(tx, { classKey: 'domain', name: domain, source: environmentSource }, cause)),
    );
  }

  // The relations the inventory implies; the ones it no longer implies go (a recreated instance,
  // a domain moved elsewhere, a database dropped). Relations people added to other CIs stay.
  // The current ones are read first (with the CI at their other end): a wanted one present
  // already needs no insert.
  const current = await relationsWithOthers(tx, ci.id);
  const wanted = new Set<string>();
  const key = (source: string, type: string, target: string) => `${source} ${type} ${target}`;
  const present = new Set(
    current.map(({ relation }) => key(relation.sourceId, relation.type, relation.targetId)),
  );
  const want = async (source: CiRow, type: 'runs_on' | 'depends_on', target: CiRow) => {
    const wantedKey = key(source.id, type, target.id);
    wanted.add(wantedKey);
    if (!present.has(wantedKey)) await addRelation(tx, source, type, target, cause, { ifMissing: true });
  };
  await want(ci, 'runs_on', instance);
  for (const database of databases) await want(ci, 'depends_on', database);
  for (const domain of domains) await want(domain, 'depends_on', ci);

  for (const { relation, other } of current) {
    if (wanted.has(key(relation.sourceId, relation.type, relation.targetId))) continue;
    const outgoing = relation.sourceId === ci.id;
    if (other.source !== environmentSource) continue;
    const managed =
      (outgoing && relation.type === 'runs_on' && other.classKey === 'server') ||
      (outgoing && relation.type === 'depends_on' && other.classKey === 'database') ||
      (!outgoing && relation.type === 'depends_on' && other.classKey === 'domain');
    if (!managed) continue;
    await removeRelation(tx, relation.id, ci.id, cause);
    // A replaced instance or a dropped database is gone; a domain may live on elsewhere.
    if (other.classKey !== 'domain') await changeCi(tx, other.id, { status: 'retired' }, cause);
  }
  return ci;
}
