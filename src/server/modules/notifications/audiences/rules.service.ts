// Reading and replacing the notification rules of an event.

import { and, asc, eq } from 'drizzle-orm';
import type { RuleInput } from '../../../../shared/api/notifications.js';
import { type Actor, type Db, type Queryable, withTransaction } from '../../../db/client.js';
import { validationFailed } from '../../../lib/errors.js';
import { notificationRules } from '../notifications.schema.js';
import { cachedConfig, forgetNotificationConfig } from '../pipeline/config-cache.js';
import { eventDefinitions, type NotificationEvent, notificationEvents } from '../pipeline/events.js';
import { chatWebhooks, mailingLists } from './audiences.schema.js';
import { type Audience, targetedAudiences } from './rules.js';

export type { RuleInput };

export interface Rule {
  audience: Audience;
  chatWebhookId: string | null;
  mailingListId: string | null;
  enabled: boolean;
}

export async function rulesOf(db: Queryable, event: NotificationEvent): Promise<Rule[]> {
  const rows = await cachedConfig(`rules:${event}`, () =>
    db
      .select()
      .from(notificationRules)
      .where(eq(notificationRules.event, event))
      .orderBy(asc(notificationRules.createdAt), asc(notificationRules.audience)),
  );
  return rows.map((row) => ({
    audience: row.audience as Audience,
    chatWebhookId: row.chatWebhookId,
    mailingListId: row.mailingListId,
    enabled: row.enabled,
  }));
}

export async function listRules(db: Queryable) {
  const result = [];
  for (const event of notificationEvents) {
    result.push({ event, label: eventDefinitions[event].label, rules: await rulesOf(db, event) });
  }
  return result;
}

async function checkTargets(tx: Queryable, rules: RuleInput[]) {
  const problems: { field: string; message: string }[] = [];
  for (const [index, rule] of rules.entries()) {
    const field = `rules.${index}`;
    if (rule.audience === 'chat') {
      const [webhook] = rule.chatWebhookId
        ? await tx
            .select({ id: chatWebhooks.id })
            .from(chatWebhooks)
            .where(eq(chatWebhooks.id, rule.chatWebhookId))
        : [];
      if (!webhook)
        problems.push({ field: `${field}.chatWebhookId`, message: 'name an existing chat webhook' });
    }
    if (rule.audience === 'mailing_list') {
      const [list] = rule.mailingListId
        ? await tx
            .select({ id: mailingLists.id })
            .from(mailingLists)
            .where(eq(mailingLists.id, rule.mailingListId))
        : [];
      if (!list) problems.push({ field: `${field}.mailingListId`, message: 'name an existing mailing list' });
    }
    if (!targetedAudiences.has(rule.audience) && (rule.chatWebhookId || rule.mailingListId)) {
      problems.push({ field, message: `the audience ${rule.audience} takes no target` });
    }
  }
  if (problems.length > 0) throw validationFailed(problems, 'The rules cannot be saved');
}

/** Replaces every rule of one event; duplicates are kept once. */
export async function replaceRules(db: Db, actor: Actor, event: NotificationEvent, input: RuleInput[]) {
  const seen = new Set<string>();
  const rules = input.filter((rule) => {
    const key = `${rule.audience}:${rule.chatWebhookId}:${rule.mailingListId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await withTransaction(db, actor, async (tx) => {
    await checkTargets(tx, rules);
    await tx.delete(notificationRules).where(and(eq(notificationRules.event, event)));
    if (rules.length > 0)
      await tx.insert(notificationRules).values(rules.map((rule) => ({ event, ...rule })));
  });
  forgetNotificationConfig();
  return rulesOf(db, event);
}
