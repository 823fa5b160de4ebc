// The priority matrix as admins set it: nine cells, all or nothing.
import { type Actor, type Db, type Queryable, withTransaction } from '../../db/client.js';
import { ttlCache } from '../../lib/cache.js';
import type { Priority } from '../tickets/index.js';
import { incidentPriorityMatrix } from './incidents.schema.js';
import { defaultMatrix, type Level, levels, type PriorityMatrix } from './priority.js';

const cache = ttlCache<PriorityMatrix>(5_000);

export async function priorityMatrix(db: Queryable): Promise<PriorityMatrix> {
  return (
    (await cache.get('matrix', async () => {
      const rows = await db.select().from(incidentPriorityMatrix);
      const matrix = structuredClone(defaultMatrix) as Record<Level, Record<Level, Priority>>;
      for (const row of rows) matrix[row.impact as Level][row.urgency as Level] = row.priority as Priority;
      return matrix;
    })) ?? defaultMatrix
  );
}

export async function savePriorityMatrix(
  db: Db,
  actor: Actor,
  matrix: PriorityMatrix,
): Promise<PriorityMatrix> {
  await withTransaction(db, actor, async (tx) => {
    for (const impact of levels) {
      for (const urgency of levels) {
        await tx
          .insert(incidentPriorityMatrix)
          .values({ impact, urgency, priority: matrix[impact][urgency] })
          .onConflictDoUpdate({
            target: [incidentPriorityMatrix.impact, incidentPriorityMatrix.urgency],
            set: { priority: matrix[impact][urgency] },
          });
      }
    }
  });
  cache.clear();
  return priorityMatrix(db);
}
