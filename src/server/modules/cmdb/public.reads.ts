// Services as the status page shows them: the public ones (attribute `public` true), or every
// service for signed-in people, with their group, description and whether they are in maintenance.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cis } from './cmdb.schema.js';

export interface StatusService {
  id: string;
  name: string;
  description: string | null;
  group: string | null;
  public: boolean;
  /** The CI's own status is `maintenance`. */
  inMaintenance: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Services for the status page, by name; retired ones never. */
export async function statusPageServices(
  db: Queryable,
  options: { includeInternal?: boolean } = {},
): Promise<StatusService[]> {
  const rows = await db
    .select()
    .from(cis)
    .where(
      and(
        eq(cis.classKey, 'service'),
        ne(cis.status, 'retired'),
        options.includeInternal ? undefined : sql`${cis.attributes} @> '{"public": true}'::jsonb`,
      ),
    )
    .orderBy(asc(cis.name));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: typeof row.attributes.description === 'string' ? row.attributes.description : null,
    group:
      typeof row.attributes.statusGroup === 'string' && row.attributes.statusGroup.trim()
        ? row.attributes.statusGroup.trim()
        : null,
    public: row.attributes.public === true,
    inMaintenance: row.status === 'maintenance',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
