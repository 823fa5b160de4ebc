// Chat webhooks (Discord, Slack, Microsoft Teams workflows): one POST with a timeout, the
// outcome classified for the delivery pipeline. 2xx is sent; 429 and 5xx are retryable (with
// the server's Retry-After); other 4xx and redirects are permanent.
import { z } from 'zod';
import { checkWebhookTarget, isOutboundRefused } from '../../../lib/network-guard.js';
import { headerValue, type OutboundResponse, outboundRequest } from '../../../lib/outbound-http.js';
import { type ChatNotification, chatPlatforms, formatChatMessage } from './chat-format.js';
import { type DeliveryOutcome, permanent, retryable } from './outcome.js';

export const chatWebhookSettingsSchema = z.object({
  platform: z.enum(chatPlatforms),
  /** The webhook URL holds its own credential: store it as a secret and never log it. */
  url: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Discord only: the name the message is posted under. */
  username: z.string().min(1).max(80).nullable().default(null),
});
export type ChatWebhookSettings = z.infer<typeof chatWebhookSettingsSchema>;
export type ChatWebhookSettingsInput = z.input<typeof chatWebhookSettingsSchema>;

export interface ChatSendOptions {
  /** Allow loopback and private targets (a chat server on the intranet; tests). Off by default. */
  allowPrivateNetworks?: boolean;
  /** Aborts the request, e.g. when the worker shuts down. */
  signal?: AbortSignal;
  /** For Retry-After given as an HTTP date. */
  now?: () => Date;
}

const maxReasonLength = 300;
const maxBodyBytes = 4_096;

/** Retry-After in seconds or as an HTTP date; Discord also puts `retry_after` (seconds) in its JSON body. */
export function retryAfterMs(header: string | null, body: string, now: Date): number | null {
  if (header !== null && header.trim() !== '') {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1_000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  try {
    const parsed: unknown = JSON.parse(body);
    const seconds = (parsed as { retry_after?: unknown }).retry_after;
    if (typeof seconds === 'number' && seconds >= 0) return Math.ceil(seconds * 1_000);
  } catch {
    // Not JSON: no hint in the body.
  }
  return null;
}

function describeRequestError(error: unknown): DeliveryOutcome {
  if (isOutboundRefused(error)) return permanent('target_refused', (error as Error).message);
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return retryable('timeout', 'the webhook did not answer in time');
  const own = (error as { code?: string } | null)?.code;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail =
    own ?? cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return retryable('connection_failed', `cannot reach the webhook: ${detail}`);
}

export async function sendChatWebhook(
  settings: ChatWebhookSettings,
  notification: ChatNotification,
  options: ChatSendOptions = {},
): Promise<DeliveryOutcome> {
  const url = new URL(settings.url);
  const target = await checkWebhookTarget(url, options.allowPrivateNetworks ?? false);
  if (!target.ok) {
    return target.retryable
      ? retryable('connection_failed', target.reason)
      : permanent('target_refused', target.reason);
  }
  const body = JSON.stringify(
    formatChatMessage(settings.platform, notification, { username: settings.username }),
  );
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  let response: OutboundResponse;
  try {
    // Redirects are not followed: they could lead to an address the guard never saw.
    response = await outboundRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Opsdesk-Notifications' },
      body,
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      allowPrivateNetworks: options.allowPrivateNetworks ?? false,
      maxResponseBytes: maxBodyBytes,
    });
  } catch (error) {
    return describeRequestError(
      timeout.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error,
    );
  }
  const responseText = response.body;
  const status = `${response.status} ${response.statusText}`.trim();
  const reason = responseText.trim() ? `${status}: ${responseText.trim().slice(0, maxReasonLength)}` : status;
  if (response.status >= 200 && response.status < 300)
    return { status: 'sent', messageId: null, response: status };
  if (response.status === 429 || response.status >= 500) {
    const wait = retryAfterMs(
      headerValue(response.headers['retry-after']) ?? null,
      responseText,
      options.now?.() ?? new Date(),
    );
    return retryable(response.status === 429 ? 'rate_limited' : 'http_server_error', reason, wait);
  }
  if (response.status >= 300 && response.status < 400) return permanent('redirect_refused', reason);
  return permanent('http_client_error', reason);
}
