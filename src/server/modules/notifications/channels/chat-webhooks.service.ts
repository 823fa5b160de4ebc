// Chat channels (Discord, Slack, Microsoft Teams incoming webhooks). The URL is the channel's
// credential: sealed at rest, shown to admins as its host only.
import { asc, eq } from 'drizzle-orm';
import type { ChatWebhookInput } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import { type Actor, isUniqueViolation, withTransaction } from '../../../db/client.js';
import { conflict, notFound } from '../../../lib/errors.js';
import { open, seal } from '../../../lib/secretBox.js';
import { chatWebhooks } from '../audiences/audiences.schema.js';
import { type ChatWebhookSettings, chatWebhookSettingsSchema, sendChatWebhook } from './chat.js';
import type { ChatNotification } from './chat-format.js';
import { type DeliveryOutcome, permanent } from './outcome.js';

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

/** Posts one message to a configured chat webhook (another module's own message: an on-call page). */
export async function sendChatMessage(
  context: AppContext,
  webhookId: string,
  notification: ChatNotification,
): Promise<DeliveryOutcome> {
  const settings = await chatWebhookSettings(context, webhookId);
  if (!settings) return permanent('target_refused', 'the chat webhook was removed');
  return sendChatWebhook(settings, notification, {
    allowPrivateNetworks: context.config.allowPrivateNetworks,
  });
}

export async function chatWebhookExists(context: AppContext, id: string): Promise<boolean> {
  const rows = await context.db
    .select({ id: chatWebhooks.id })
    .from(chatWebhooks)
    .where(eq(chatWebhooks.id, id));
  return rows.length > 0;
}
