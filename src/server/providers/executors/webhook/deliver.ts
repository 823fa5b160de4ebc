// One signed POST to an external executor, classified for the caller's retry scheduling: 2xx is
// delivered; 408, 429, 5xx, timeouts and connection errors are retryable (with the receiver's
// Retry-After); other 4xx and redirects are permanent. Redirects are never followed: the new
// location would escape the address check.
import type http from 'node:http';
import { isOutboundRefused } from '../../../lib/network-guard.js';
import { outboundRequest } from '../../../lib/outbound-http.js';
import type { WebhookDeliveryFailure, WebhookDeliveryOutcome } from './delivery-record.js';
import { pinTarget } from './pinned-target.js';
import { signDelivery, targetOf } from './signing.js';

const maxResponseBytes = 4_096;
const maxReasonLength = 300;

export interface DeliverWebhookInput {
  url: string;
  /** The current secret first; older ones during a rotation (each adds a `v1=` signature). */
  secret: string | readonly string[];
  /** The exact JSON to send; the delivery log keeps the same string. */
  body: string;
  deliveryId: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}

interface RawResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function retryable(
  code: WebhookDeliveryFailure,
  reason: string,
  extra: { httpStatus?: number; retryAfterMs?: number } = {},
): WebhookDeliveryOutcome {
  return { status: 'retryable', code, reason, ...extra };
}

function permanent(
  code: WebhookDeliveryFailure,
  reason: string,
  httpStatus?: number,
): WebhookDeliveryOutcome {
  return httpStatus === undefined
    ? { status: 'permanent', code, reason }
    : { status: 'permanent', code, reason, httpStatus };
}

/** Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (!header?.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

function describeError(error: unknown, timedOut: boolean): WebhookDeliveryOutcome {
  if (timedOut) return retryable('timeout', 'the receiver did not answer in time');
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError')
    return retryable('aborted', 'the delivery was interrupted (worker shutting down)');
  if (isOutboundRefused(error))
    return permanent('target_refused', `${(error as Error).message} for webhooks`);
  const code = (error as { code?: string }).code;
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return retryable('connection_failed', `cannot reach the receiver: ${detail}`);
}

function classify(response: RawResponse, now: Date): WebhookDeliveryOutcome {
  const { status } = response;
  const statusLine = `${status} ${response.statusText}`.trim();
  const text = response.body.trim();
  const reason = text ? `${statusLine}: ${text.slice(0, maxReasonLength)}` : statusLine;
  if (status >= 200 && status < 300)
    return { status: 'delivered', httpStatus: status, responseBody: response.body };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(header(response.headers['retry-after']), now);
    return retryable(status === 429 ? 'rate_limited' : 'http_server_error', reason, {
      httpStatus: status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status >= 300 && status < 400) {
    const location = header(response.headers.location);
    return permanent(
      'redirect_refused',
      `${statusLine}: the receiver redirects${location ? ` to ${location}` : ''}; redirects are not followed, configure the final URL`,
      status,
    );
  }
  return permanent('http_client_error', reason, status);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookDeliveryOutcome> {
  const now = input.now ?? (() => new Date());
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return permanent('target_refused', 'the webhook URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return permanent('target_refused', 'the webhook URL must start with http:// or https://');
  const target = await pinTarget(url, input.allowPrivateNetworks);
  if (!target.ok)
    return target.retryable
      ? retryable('connection_failed', target.reason)
      : permanent('target_refused', `${target.reason}; private networks are not allowed for webhooks`);
  const headers = signDelivery({
    secret: input.secret,
    timestamp: Math.floor(now().getTime() / 1_000),
    body: input.body,
    deliveryId: input.deliveryId,
    // v1 for receivers written before v2, v2 binding the signature to this URL.
    target: targetOf('POST', url),
  });
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  try {
    const response = await outboundRequest(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Opsdesk-Fulfilment' },
      body: input.body,
      signal,
      allowPrivateNetworks: input.allowPrivateNetworks,
      maxResponseBytes,
      ...(target.lookup ? { lookup: target.lookup } : {}),
    });
    return classify(response, now());
  } catch (error) {
    return describeError(error, timeout.aborted);
  }
}

const firstBackoffMs = 10_000;
const maxBackoffMs = 60 * 60_000;

/**
 * How long to wait before delivery attempt `attempt + 1`: 10 s doubling each time, capped at an
 * hour, with jitter (between half and all of it) so that retries to one receiver spread out.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxBackoffMs, firstBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
