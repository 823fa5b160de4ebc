// Discovery: what a provider connection sees (instances, domains, certificates, distributions)
// reconciled into the CMDB by external id, never duplicated. A known CI is updated (its history
// says "discovery"; attributes a person set by hand stay as they are), a new one is created (or
// an existing CI of the same class and name adopted), and one that vanished is retired, never
// deleted. One transaction per connection; one item the CMDB refuses is reported, not fatal.
import { and, eq, ne } from 'drizzle-orm';
import { type Actor, type Db, type Tx, withTransaction } from '../../db/client.js';
import { badRequest } from '../../lib/errors.js';
import {
  addExternalId,
  type ChangeCause,
  type CiRow,
  changeCi,
  findCiByExternalId,
  insertCi,
} from './cis.service.js';
import { ciExternalIds, cis } from './cmdb.schema.js';
import { addRelation } from './relations.service.js';

/** What a provider reports (the shape of providers' DiscoveredCi). */
export interface DiscoveredItem {
  class: string;
  externalId: string;
  name: string;
  attributes: Record<string, unknown>;
  relations: { type: 'depends_on' | 'runs_on'; target: string }[];
}

export interface DiscoverySource {
  connection: string;
  discover(signal: AbortSignal): Promise<DiscoveredItem[]>;
}

export interface DiscoveryResult {
  connection: string;
  discovered: number;
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  problems: { externalId: string; message: string }[];
}

let sourcesOf: () => Promise<DiscoverySource[]> = async () => [];

/** Wired once at start by the flows: the provider connections that can discover CIs. */
export function configureDiscoverySources(sources: () => Promise<DiscoverySource[]>): void {
  sourcesOf = sources;
}

/** Runs discovery on every connection that can (or the one named), one transaction each. */
export async function runDiscovery(
  db: Db,
  actor: Actor,
  signal: AbortSignal,
  options: { connection?: string | undefined; now: () => Date },
): Promise<DiscoveryResult[]> {
  const sources = (await sourcesOf()).filter(
    (source) => !options.connection || source.connection === options.connection,
  );
  if (options.connection && sources.length === 0) {
    throw badRequest(
      'no_discovery',
      `connection: ${options.connection} is not a connection whose provider discovers CIs.`,
    );
  }
  const results: DiscoveryResult[] = [];
  for (const source of sources) {
    const items = await source.discover(signal);
    const cause: ChangeCause = { actor, via: 'discovery', at: options.now() };
    results.push(await withTransaction(db, actor, (tx) => reconcile(tx, source.connection, items, cause)));
  }
  return results;
}

async function byName(tx: Tx, classKey: string, name: string): Promise<CiRow | undefined> {
  const [row] = await tx
    .select()
    .from(cis)
    .where(and(eq(cis.classKey, classKey), eq(cis.name, name)));
  return row;
}

export async function reconcile(
  tx: Tx,
  connection: string,
  items: DiscoveredItem[],
  cause: ChangeCause,
): Promise<DiscoveryResult> {
  const result: DiscoveryResult = {
    connection,
    discovered: items.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    retired: 0,
    problems: [],
  };
  const rows = new Map<string, CiRow>();
  for (const item of items) {
    try {
      const row = await tx.transaction(async (savepoint) => {
        const sp = savepoint as Tx;
        const existing =
          (await findCiByExternalId(sp, connection, item.externalId)) ??
          (await byName(sp, item.class, item.name));
        if (!existing) {
          result.created++;
          return insertCi(
            sp,
            {
              classKey: item.class,
              name: item.name,
              attributes: item.attributes,
              source: `discovery:${connection}`,
              externalIds: [{ source: connection, externalId: item.externalId }],
            },
            cause,
          );
        }
        await addExternalId(sp, existing.id, connection, item.externalId);
        const changed = await changeCi(
          sp,
          existing.id,
          {
            name: item.name,
            attributes: item.attributes,
            ...(existing.status === 'retired' ? { status: 'active' as const } : {}),
            lastSeenAt: cause.at,
          },
          cause,
        );
        if (changed.version !== existing.version) result.updated++;
        else result.unchanged++;
        return changed;
      });
      rows.set(item.externalId, row);
    } catch (error) {
      result.problems.push({ externalId: item.externalId, message: (error as Error).message });
    }
  }
  for (const item of items) {
    const source = rows.get(item.externalId);
    if (!source) continue;
    for (const relation of item.relations) {
      const target = rows.get(relation.target);
      if (target && target.id !== source.id)
        await addRelation(tx, source, relation.type, target, cause, { ifMissing: true });
    }
  }
  // Known from this connection before, not seen now: retired (history keeps what it was).
  const known = await tx
    .select({ id: cis.id, externalId: ciExternalIds.externalId })
    .from(ciExternalIds)
    .innerJoin(cis, eq(cis.id, ciExternalIds.ciId))
    .where(and(eq(ciExternalIds.source, connection), ne(cis.status, 'retired')));
  const seen = new Set(items.map((item) => item.externalId));
  const failed = new Set(result.problems.map((problem) => problem.externalId));
  const kept = new Set(
    known.filter((row) => seen.has(row.externalId) || failed.has(row.externalId)).map((row) => row.id),
  );
  const gone = new Set(known.filter((row) => !kept.has(row.id)).map((row) => row.id));
  for (const id of gone) {
    await changeCi(tx, id, { status: 'retired' }, cause);
    result.retired++;
  }
  return result;
}
