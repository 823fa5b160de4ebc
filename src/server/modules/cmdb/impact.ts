// How failure spreads along relations (pure). "A depends_on B", "A runs_on B" and "A located_at
// B" mean A fails when B fails; "A part_of B" means B (the whole) is hit when A (a part) fails;
// "connects_to" records a link and spreads nothing. `down` is everything a failure of the CI
// reaches; `up` is what the CI stands on (where to look for a root cause).
import type { CiRelationType } from './cmdb.schema.js';

export type ImpactDirection = 'down' | 'up';

/** For each relation type, which end's failure reaches which (null: it spreads nothing). */
export const failureFlow: Record<CiRelationType, 'target_to_source' | 'source_to_target' | null> = {
  depends_on: 'target_to_source',
  runs_on: 'target_to_source',
  located_at: 'target_to_source',
  part_of: 'source_to_target',
  connects_to: null,
};

export interface Edge {
  sourceId: string;
  type: CiRelationType;
  targetId: string;
}

/** The next CI a failure (down) or a dependency (up) leads to from `from` over this edge, or null. */
export function step(edge: Edge, from: string, direction: ImpactDirection): string | null {
  const flow = failureFlow[edge.type];
  if (!flow) return null;
  // Failure goes from the failing end to the hit end; looking up goes the other way.
  const [failing, hit] =
    flow === 'target_to_source' ? [edge.targetId, edge.sourceId] : [edge.sourceId, edge.targetId];
  if (direction === 'down') return from === failing ? hit : null;
  return from === hit ? failing : null;
}

export interface Reached {
  id: string;
  depth: number;
  /** From the start to this CI, both ends included. */
  path: string[];
}

/**
 * Breadth-first over the edges a `neighbours` lookup returns for a frontier: each CI once, at its
 * smallest depth, with one shortest path; cycles end where they revisit. `neighbours` is asked
 * once per level (one query per level when it reads the database).
 */
export async function traverse(
  start: string,
  direction: ImpactDirection,
  maxDepth: number,
  neighbours: (frontier: string[]) => Promise<Edge[]>,
): Promise<Reached[]> {
  const parent = new Map<string, string | null>([[start, null]]);
  const depthOf = new Map<string, number>([[start, 0]]);
  const reached: Reached[] = [];
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const edges = await neighbours(frontier);
    const inFrontier = new Set(frontier);
    const next: string[] = [];
    for (const edge of edges) {
      for (const from of [edge.sourceId, edge.targetId]) {
        if (!inFrontier.has(from)) continue;
        const to = step(edge, from, direction);
        if (!to || parent.has(to)) continue;
        parent.set(to, from);
        depthOf.set(to, depth);
        next.push(to);
      }
    }
    for (const id of next) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = parent.get(at) ?? null) path.unshift(at);
      reached.push({ id, depth, path });
    }
    frontier = next;
  }
  return reached;
}
