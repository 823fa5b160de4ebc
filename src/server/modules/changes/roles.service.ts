// Which teams play the change roles: the CAB (and how many of it approve a high-risk change), the
// emergency CAB, and the change managers (who override conflicts and see every change). An admin
// setting, one row; until an admin saves one, the defaults (cab, ecab, change-managers, 2).
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { changeSettingsIn } from '../../../shared/api/changes.js';
import type { Actor, Db, Queryable } from '../../db/client.js';
import { withTransaction } from '../../db/client.js';
import { invalidField } from '../../lib/errors.js';
import { findTeamByKey } from '../identity/index.js';
import { changeSettings } from './changes.schema.js';

export interface ChangeRoles {
  cabTeam: string;
  emergencyCabTeam: string;
  changeManagersTeam: string;
  cabQuorum: number;
}

export const defaultChangeRoles: ChangeRoles = {
  cabTeam: 'cab',
  emergencyCabTeam: 'ecab',
  changeManagersTeam: 'change-managers',
  cabQuorum: 2,
};

export async function changeRoles(db: Queryable): Promise<ChangeRoles> {
  const [row] = await db.select().from(changeSettings).where(eq(changeSettings.id, 1));
  if (!row) return defaultChangeRoles;
  return {
    cabTeam: row.cabTeam,
    emergencyCabTeam: row.emergencyCabTeam,
    changeManagersTeam: row.changeManagersTeam,
    cabQuorum: row.cabQuorum,
  };
}

/** Saves the roles; each team named must exist (the emergency CAB may be absent: the CAB stands in). */
export async function saveChangeRoles(
  db: Db,
  actor: Actor,
  input: z.output<typeof changeSettingsIn>,
): Promise<ChangeRoles> {
  for (const field of ['cabTeam', 'changeManagersTeam', 'emergencyCabTeam'] as const) {
    const key = input[field];
    if (key !== undefined && !(await findTeamByKey(db, key)))
      throw invalidField(field, `there is no team ${key}.`, 'unknown_team');
  }
  const merged = { ...(await changeRoles(db)), ...input };
  await withTransaction(db, actor, (tx) =>
    tx
      .insert(changeSettings)
      .values({ id: 1, ...merged, updatedAt: new Date() })
      .onConflictDoUpdate({ target: changeSettings.id, set: { ...merged, updatedAt: new Date() } }),
  );
  return merged;
}
