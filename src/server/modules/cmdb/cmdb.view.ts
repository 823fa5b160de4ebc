// What leaves the CMDB (never a table row): CIs with their people and site named, their relations
// both ways, impact entries.
import type { z } from 'zod';
import type { ciDetailOut, ciOut } from '../../../shared/api/cmdb.js';
import type { Queryable } from '../../db/client.js';
import { cachedUsersById, teamsByIds } from '../identity/index.js';
import { type CiRow, cisByIds, externalIdsOf } from './cis.service.js';
import { relationsOf } from './relations.service.js';

type CiOut = z.infer<typeof ciOut>;

export async function cisToApi(db: Queryable, rows: readonly CiRow[]): Promise<CiOut[]> {
  const [people, teams, sites, externals] = await Promise.all([
    cachedUsersById(
      db,
      rows.flatMap((row) => (row.ownerId ? [row.ownerId] : [])),
    ),
    teamsByIds(
      db,
      rows.flatMap((row) => (row.teamId ? [row.teamId] : [])),
    ),
    cisByIds(
      db,
      rows.flatMap((row) => (row.siteId ? [row.siteId] : [])),
    ),
    externalIdsOf(
      db,
      rows.map((row) => row.id),
    ),
  ]);
  return rows.map((row) => {
    const owner = row.ownerId ? people.get(row.ownerId) : undefined;
    const team = row.teamId ? teams.get(row.teamId) : undefined;
    const site = row.siteId ? sites.get(row.siteId) : undefined;
    return {
      id: row.id,
      class: row.classKey,
      name: row.name,
      status: row.status,
      attributes: row.attributes,
      owner: owner ? { id: owner.id, email: owner.email, displayName: owner.displayName } : null,
      team: team ? { key: team.key, name: team.name } : null,
      site: site ? { id: site.id, name: site.name } : null,
      tags: row.tags,
      source: row.source,
      externalIds: externals
        .filter((ext) => ext.ciId === row.id)
        .map((ext) => ({ source: ext.source, externalId: ext.externalId })),
      lastSeenAt: row.lastSeenAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

export async function ciDetail(db: Queryable, row: CiRow): Promise<z.infer<typeof ciDetailOut>> {
  const [[out], relations] = await Promise.all([cisToApi(db, [row]), relationsOf(db, [row.id])]);
  const others = await cisByIds(
    db,
    relations.map((relation) => (relation.sourceId === row.id ? relation.targetId : relation.sourceId)),
  );
  return {
    ...out!,
    relations: relations.flatMap((relation) => {
      const outgoing = relation.sourceId === row.id;
      const other = others.get(outgoing ? relation.targetId : relation.sourceId);
      if (!other) return [];
      return [
        {
          id: relation.id,
          type: relation.type,
          direction: outgoing ? ('outgoing' as const) : ('incoming' as const),
          ci: { id: other.id, class: other.classKey, name: other.name, status: other.status },
        },
      ];
    }),
  };
}
