// Admins' action rules: what alerts do (open or join an incident, or only be recorded), in order.
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { actionRuleIn } from '../../../shared/api/events.js';
import { type Actor, type Db, withTransaction } from '../../db/client.js';
import { invalidField, notFound } from '../../lib/errors.js';
import { forgetActionRules } from './correlate.service.js';
import { alertActionRules, eventIntegrations } from './events.schema.js';

export type ActionRuleRow = typeof alertActionRules.$inferSelect;

export async function listActionRules(db: Db): Promise<ActionRuleRow[]> {
  return db
    .select()
    .from(alertActionRules)
    .orderBy(asc(alertActionRules.position), asc(alertActionRules.createdAt));
}

export async function createActionRule(db: Db, actor: Actor, input: z.output<typeof actionRuleIn>) {
  if (input.integration) {
    const [found] = await db
      .select()
      .from(eventIntegrations)
      .where(eq(eventIntegrations.id, input.integration));
    if (!found) throw invalidField('integration', `there is no integration ${input.integration}.`);
  }
  const [row] = await withTransaction(db, actor, (tx) =>
    tx
      .insert(alertActionRules)
      .values({
        name: input.name,
        position: input.position ?? 100,
        severities: input.severities ?? [],
        labels: input.labels ?? {},
        integrationId: input.integration ?? null,
        action: input.action,
        windowMinutes: input.windowMinutes,
        onAllResolved: input.onAllResolved,
      })
      .returning(),
  );
  forgetActionRules();
  return row!;
}

export async function deleteActionRule(db: Db, actor: Actor, id: string) {
  const rows = await withTransaction(db, actor, (tx) =>
    tx.delete(alertActionRules).where(eq(alertActionRules.id, id)).returning(),
  );
  if (rows.length === 0) throw notFound(`The alert rule ${id}`);
  forgetActionRules();
}

export function actionRuleToApi(row: ActionRuleRow) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    severities: row.severities as ('critical' | 'major' | 'minor' | 'warning' | 'info')[],
    labels: row.labels,
    integration: row.integrationId,
    action: row.action,
    windowMinutes: row.windowMinutes,
    onAllResolved: row.onAllResolved,
  };
}
