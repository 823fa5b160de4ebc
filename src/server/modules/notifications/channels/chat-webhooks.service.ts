// Chat channels (Discord, Slack, Microsoft Teams incoming webhooks). The URL is the channel's
// credential: sealed at rest, shown to admins as its host only.
import { asc, eq } from 'drizzle-orm';
import type { ChatWebhookInput } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import { type Actor, isUniqueViolation, withTransaction } from '../../../db/client.js';
import { conflict, notFound } from '../../../lib/errors.js';
import { open, seal } from '../../../lib/secretBox.js';
import { chatWebhooks } from '../audiences/audiences.schema.js';
import { type ChatWebhookSettings, chatWebhookSettingsSchema } from './chat.js';

export type { ChatWebhookInput };

type ChatWebhookRow = typeof chatWebhooks.$inferSelect;

export function chatWebhookOut(row: ChatWebhookRow) {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    urlHost: row.urlHost,
    username: row.username,
    createdAt: row.createdAt,
  };
}

export async function listChatWebhooks(context: AppContext) {
  const rows = await context.db.select().from(chatWebhooks).orderBy(asc(chatWebhooks.name));
  return rows.map(chatWebhookOut);
}

export async function createChatWebhook(context: AppContext, actor: Actor, input: ChatWebhookInput) {
  try {
    const [row] = await withTransaction(context.db, actor, (tx) =>
      tx
        .insert(chatWebhooks)
        .values({
          name: input.name,
          platform: input.platform,
          urlEncrypted: seal(context.secretKey, input.url),
          urlHost: new URL(input.url).host,
          username: input.username,
          createdAt: context.clock.now(),
        })
        .returning(),
    );
    return chatWebhookOut(row!);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('chat_webhook_exists', `name: a chat webhook ${input.name} exists.`);
    throw error;
  }
}

export async function deleteChatWebhook(context: AppContext, actor: Actor, id: string) {
  const removed = await withTransaction(context.db, actor, (tx) =>
    tx.delete(chatWebhooks).where(eq(chatWebhooks.id, id)).returning({ id: chatWebhooks.id }),
  );
  if (removed.length === 0) throw notFound('The chat webhook');
}

/** The settings a delivery sends with (the URL unsealed). */
export async function chatWebhookSettings(
  context: AppContext,
  id: string,
): Promise<ChatWebhookSettings | null> {
  const [row] = await context.db.select().from(chatWebhooks).where(eq(chatWebhooks.id, id));
  if (!row) return null;
  return chatWebhookSettingsSchema.parse({
    platform: row.platform,
    url: open(context.secretKey, row.urlEncrypted),
    username: row.username,
  });
}
