// Impact analysis over the CMDB: from a CI, every CI a failure of it reaches (down), or everything
// it stands on (up), breadth-first with one indexed query per level, cycle-safe and depth-limited.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type CiRow, cisByIds } from './cis.service.js';
import { ciRelations, ciRelationTypes } from './cmdb.schema.js';
import { type Edge, failureFlow, type ImpactDirection, type Reached, step, traverse } from './impact.js';

const towardsSource = ciRelationTypes.filter((type) => failureFlow[type] === 'target_to_source');
const towardsTarget = ciRelationTypes.filter((type) => failureFlow[type] === 'source_to_target');
const list = (types: readonly string[]) =>
  sql.join(
    types.map((type) => sql`${type}`),
    sql`, `,
  );

/**
 * Only the edges a step in this direction can take from the frontier, each half served by its
 * index: down, the frontier is the failing end (the target of depends_on/runs_on/located_at, the
 * source of part_of); up, the other end.
 */
async function edgesAround(db: Queryable, frontier: string[], direction: ImpactDirection): Promise<Edge[]> {
  const ids = sql`${`{${frontier.join(',')}}`}::uuid[]`;
  const [first, second] =
    direction === 'down'
      ? [ciRelations.targetId, ciRelations.sourceId]
      : [ciRelations.sourceId, ciRelations.targetId];
  const result = await db.execute<{ sourceId: string; type: Edge['type']; targetId: string }>(sql`
    select ${ciRelations.sourceId} as "sourceId", ${ciRelations.type} as "type", ${ciRelations.targetId} as "targetId"
      from ${ciRelations} where ${first} = any(${ids}) and ${ciRelations.type} in (${list(towardsSource)})
    union all
    select ${ciRelations.sourceId}, ${ciRelations.type}, ${ciRelations.targetId}
      from ${ciRelations} where ${second} = any(${ids}) and ${ciRelations.type} in (${list(towardsTarget)})`);
  return result.rows;
}

export interface ImpactEntry extends Reached {
  ci: CiRow;
}

/** Services first (by depth, then name), then every other CI by depth and name. */
export async function impactOf(
  db: Queryable,
  ciId: string,
  direction: ImpactDirection,
  maxDepth: number,
): Promise<ImpactEntry[]> {
  const reached = await traverse(ciId, direction, maxDepth, (frontier) =>
    edgesAround(db, frontier, direction),
  );
  const rows = await cisByIds(
    db,
    reached.map((entry) => entry.id),
  );
  return reached
    .map((entry) => ({ ...entry, ci: rows.get(entry.id)! }))
    .filter((entry) => entry.ci)
    .sort(
      (a, b) =>
        Number(b.ci.classKey === 'service') - Number(a.ci.classKey === 'service') ||
        a.depth - b.depth ||
        a.ci.name.localeCompare(b.ci.name),
    );
}

/** The services a failure of any of these CIs reaches (a service itself included), with their paths. */
export async function servicesAffectedBy(db: Queryable, ciIds: readonly string[], maxDepth = 12) {
  const found = new Map<string, ImpactEntry>();
  const starts = await cisByIds(db, ciIds);
  for (const start of starts.values()) {
    if (start.classKey === 'service' && !found.has(start.id))
      found.set(start.id, { id: start.id, depth: 0, path: [start.id], ci: start });
    for (const entry of await impactOf(db, start.id, 'down', maxDepth)) {
      const known = found.get(entry.id);
      if (entry.ci.classKey === 'service' && (!known || known.depth > entry.depth))
        found.set(entry.id, entry);
    }
  }
  return [...found.values()].sort((a, b) => a.depth - b.depth || a.ci.name.localeCompare(b.ci.name));
}

/**
 * For each CI, the nearest service a failure of it reaches (what `servicesAffectedBy([ci])[0]`
 * gives a CI that is not a service itself: least depth, then name), for all of them at once: one
 * edge query and one CI read per level, however many CIs.
 */
export async function nearestServices(
  db: Queryable,
  ciIds: readonly string[],
  maxDepth = 12,
): Promise<Map<string, CiRow>> {
  const nearest = new Map<string, CiRow>();
  const walks = new Map([...new Set(ciIds)].map((id) => [id, { seen: new Set([id]), frontier: [id] }]));
  const rows = new Map<string, CiRow>();
  let open = [...walks.keys()];
  for (let depth = 1; depth <= maxDepth && open.length > 0; depth++) {
    const frontier = [...new Set(open.flatMap((id) => walks.get(id)!.frontier))];
    const around = new Map<string, Edge[]>();
    for (const edge of await edgesAround(db, frontier, 'down'))
      for (const node of [edge.sourceId, edge.targetId])
        around.set(node, [...(around.get(node) ?? []), edge]);
    for (const id of open) {
      const walk = walks.get(id)!;
      const next: string[] = [];
      for (const from of walk.frontier)
        for (const edge of around.get(from) ?? []) {
          const to = step(edge, from, 'down');
          if (!to || walk.seen.has(to)) continue;
          walk.seen.add(to);
          next.push(to);
        }
      walk.frontier = next;
    }
    const unread = [...new Set(open.flatMap((id) => walks.get(id)!.frontier))].filter((id) => !rows.has(id));
    for (const [id, row] of await cisByIds(db, unread)) rows.set(id, row);
    open = open.filter((id) => {
      const services = walks
        .get(id)!
        .frontier.map((reached) => rows.get(reached))
        .filter((ci): ci is CiRow => ci?.classKey === 'service')
        .sort((a, b) => a.name.localeCompare(b.name));
      if (services[0]) nearest.set(id, services[0]);
      return !services[0] && walks.get(id)!.frontier.length > 0;
    });
  }
  return nearest;
}

export interface Neighbour {
  /** The start CI it is related to. */
  via: string;
  /** `down`: it depends on `via` (a failure of `via` reaches it); `up`: `via` depends on it. */
  direction: ImpactDirection;
  depth: number;
}

/**
 * Every CI related to any of `starts` within `maxDepth` hops, both ways at once: one indexed query
 * per level for all starts and both directions (what change conflicts need; no CI rows loaded).
 */
export async function neighbourhood(
  db: Queryable,
  starts: readonly string[],
  maxDepth: number,
): Promise<Map<string, Neighbour>> {
  const found = new Map<string, Neighbour>();
  const startSet = new Set(starts);
  type Front = { id: string; via: string; direction: ImpactDirection };
  let frontier: Front[] = starts.flatMap((id) => [
    { id, via: id, direction: 'down' as const },
    { id, via: id, direction: 'up' as const },
  ]);
  const seen = new Set(frontier.map((entry) => `${entry.direction}:${entry.id}`));
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    // Each direction reads only the edges it can take (edgesAround), then steps along them.
    const byNode = { down: new Map<string, Edge[]>(), up: new Map<string, Edge[]>() };
    for (const direction of ['down', 'up'] as const) {
      const ids = [...new Set(frontier.filter((entry) => entry.direction === direction).map((e) => e.id))];
      if (ids.length === 0) continue;
      for (const edge of await edgesAround(db, ids, direction))
        for (const node of [edge.sourceId, edge.targetId])
          byNode[direction].set(node, [...(byNode[direction].get(node) ?? []), edge]);
    }
    const next: Front[] = [];
    for (const entry of frontier) {
      for (const edge of byNode[entry.direction].get(entry.id) ?? []) {
        const to = step(edge, entry.id, entry.direction);
        if (!to || seen.has(`${entry.direction}:${to}`)) continue;
        seen.add(`${entry.direction}:${to}`);
        next.push({ id: to, via: entry.via, direction: entry.direction });
        if (!startSet.has(to) && !found.has(to))
          found.set(to, { via: entry.via, direction: entry.direction, depth });
      }
    }
    frontier = next;
  }
  return found;
}
