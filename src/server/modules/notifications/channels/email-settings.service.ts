// The SMTP server, managed by admins through the API and stored in the database sealed with the
// instance key (it holds a password). Read back without its secrets. Each worker process keeps
// one pooled transport per version of the settings.

import { eq } from 'drizzle-orm';
import type { SmtpSettingsInput } from '../../../../shared/api/notifications.js';
import type { AppContext } from '../../../context.js';
import { type Actor, type Db, withTransaction } from '../../../db/client.js';
import { validationFailed } from '../../../lib/errors.js';
import { openJson, sealJson } from '../../../lib/secretBox.js';
import { notificationSettings } from '../notifications.schema.js';
import { cachedConfig, forgetNotificationConfig } from '../pipeline/config-cache.js';
import { createEmailChannel, type EmailChannel } from './email.js';
import { type SmtpSettings, smtpSettingsSchema } from './email-message.js';

const smtpKey = 'smtp';

/** As the API takes it (smtpSettingsInput): the password may be left out to keep the stored one. */
export type { SmtpSettingsInput };

export interface StoredSmtpSettings {
  settings: SmtpSettings;
  version: string;
}

export async function loadSmtpSettings(
  context: Pick<AppContext, 'db' | 'secretKey'>,
): Promise<StoredSmtpSettings | null> {
  const [row] = await cachedConfig('smtp', () =>
    context.db.select().from(notificationSettings).where(eq(notificationSettings.key, smtpKey)),
  );
  if (!row) return null;
  return {
    settings: openJson<SmtpSettings>(context.secretKey, row.valueEncrypted),
    version: row.updatedAt.toISOString(),
  };
}

/** The settings as an admin sees them: no password, no DKIM key. */
export function redactSmtpSettings(settings: SmtpSettings) {
  return {
    ...settings,
    auth: settings.auth ? { user: settings.auth.user, passwordSet: true } : null,
    dkim: settings.dkim
      ? { domainName: settings.dkim.domainName, keySelector: settings.dkim.keySelector, privateKeySet: true }
      : null,
  };
}

export async function saveSmtpSettings(context: AppContext, actor: Actor, input: SmtpSettingsInput) {
  const stored = await loadSmtpSettings(context);
  const pass = input.auth ? (input.auth.pass ?? stored?.settings.auth?.pass) : undefined;
  const privateKey = input.dkim ? (input.dkim.privateKey ?? stored?.settings.dkim?.privateKey) : undefined;
  const parsed = smtpSettingsSchema.safeParse({
    ...input,
    auth: input.auth ? { user: input.auth.user, pass } : null,
    dkim: input.dkim ? { ...input.dkim, privateKey } : null,
  });
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
      'The SMTP settings are not valid',
    );
  }
  const now = context.clock.now();
  const sealed = sealJson(context.secretKey, parsed.data);
  await withTransaction(context.db as Db, actor, (tx) =>
    tx
      .insert(notificationSettings)
      .values({ key: smtpKey, valueEncrypted: sealed, updatedAt: now, updatedBy: actor.label })
      .onConflictDoUpdate({
        target: notificationSettings.key,
        set: { valueEncrypted: sealed, updatedAt: now, updatedBy: actor.label },
      }),
  );
  forgetNotificationConfig();
  return redactSmtpSettings(parsed.data);
}

export async function deleteSmtpSettings(context: AppContext, actor: Actor) {
  await withTransaction(context.db, actor, (tx) =>
    tx.delete(notificationSettings).where(eq(notificationSettings.key, smtpKey)),
  );
  forgetNotificationConfig();
}

const channels = new Map<string, EmailChannel>();

/** The pooled transport for the current settings (null: email is not configured). */
export async function currentEmailChannel(context: AppContext): Promise<EmailChannel | null> {
  const stored = await loadSmtpSettings(context);
  if (!stored) return null;
  const key = `${context.database.url}|${stored.version}`;
  const cached = channels.get(key);
  if (cached) return cached;
  for (const [otherKey, other] of channels) {
    if (otherKey.startsWith(`${context.database.url}|`)) {
      other.close();
      channels.delete(otherKey);
    }
  }
  const channel = createEmailChannel(stored.settings, {
    allowPrivateNetworks: context.config.allowPrivateNetworks,
  });
  channels.set(key, channel);
  return channel;
}

/** Closes every pooled SMTP connection of this process (shutdown, tests, benchmarks). */
export function closeEmailChannels(): void {
  for (const channel of channels.values()) channel.close();
  channels.clear();
}
