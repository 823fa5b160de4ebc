// A small client for the three AWX (Ansible Automation Platform controller) calls an executor
// needs: launch a job template, read a job, read its plain-text output. Failures are classified
// like a provider's: 5xx, 429 and network errors are transient; the rest need a person.
import { z } from 'zod';
import { isOutboundRefused } from '../../../lib/network-guard.js';
import { headerValue, type OutboundResponse, outboundRequest } from '../../../lib/outbound-http.js';
import { PermanentProviderError, TransientProviderError } from '../../types.js';

export const awxJobStatuses = [
  'new',
  'pending',
  'waiting',
  'running',
  'successful',
  'failed',
  'error',
  'canceled',
] as const;
export const finishedAwxStatuses: ReadonlySet<string> = new Set([
  'successful',
  'failed',
  'error',
  'canceled',
]);

const launchResponseSchema = z.looseObject({
  job: z.number().int(),
  ignored_fields: z.record(z.string(), z.unknown()).optional(),
});

const jobSchema = z.looseObject({
  id: z.number().int(),
  status: z.enum(awxJobStatuses),
  finished: z.string().nullable().optional(),
  failed: z.boolean().optional(),
  job_explanation: z.string().optional().default(''),
  /** AWX saves output events after the job ends; until this is true the output may be incomplete. */
  event_processing_finished: z.boolean().optional(),
});
export type AwxJob = z.infer<typeof jobSchema>;

export interface AwxLaunch {
  extra_vars: Record<string, unknown>;
  limit?: string;
  inventory?: number;
}

export interface AwxClientOptions {
  /** e.g. https://awx.example.com */
  baseUrl: string;
  token: string;
  requestTimeoutMs: number;
  signal?: AbortSignal;
  /** The network guard: AWX on loopback or a private network only when the installation allows it. */
  allowPrivateNetworks: boolean;
}

export interface AwxClient {
  launch(jobTemplateId: number, body: AwxLaunch): Promise<{ jobId: number; ignoredFields: string[] }>;
  job(jobId: number): Promise<AwxJob>;
  stdout(jobId: number): Promise<string>;
  cancel(jobId: number): Promise<void>;
  jobUrl(jobId: number): string;
}

const maxDetailLength = 300;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxDetailLength ? `${flat.slice(0, maxDetailLength)}…` : flat;
}

/** AWX answers errors as `{"detail": "..."}` or as field → messages. */
function errorDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      if ('detail' in parsed && typeof parsed.detail === 'string') return parsed.detail;
      return shorten(
        Object.entries(parsed)
          .map(
            ([field, messages]) =>
              `${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
          )
          .join('; '),
      );
    }
  } catch {
    // Not JSON (a proxy's HTML error page): keep a short excerpt.
  }
  return shorten(body);
}

export function createAwxClient(options: AwxClientOptions): AwxClient {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<string> {
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    let response: OutboundResponse;
    try {
      response = await outboundRequest(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
        allowPrivateNetworks: options.allowPrivateNetworks,
        // Job output can be long; it is cut to the run's output limit later.
        maxResponseBytes: 16 * 1_048_576,
      });
    } catch (error) {
      // The token is never sent to an address the guard refuses: that needs an admin, not a retry.
      if (isOutboundRefused(error))
        throw new PermanentProviderError(`${what}: AWX at ${base}: ${(error as Error).message}.`, {
          code: 'awx_target_refused',
        });
      const reason = timeout.aborted
        ? `AWX did not answer within ${options.requestTimeoutMs} ms`
        : `cannot reach AWX at ${base}: ${(error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error))}`;
      throw new TransientProviderError(`${what}: ${reason}`, { cause: error });
    }
    const text = response.body;
    const status = response.status;
    if (status >= 300 && status < 400)
      throw new PermanentProviderError(
        `${what}: AWX at ${base} redirects (${status}); redirects are not followed, configure the final URL.`,
        { code: `awx_${status}` },
      );
    if (status >= 200 && status < 300) return text;
    const detail = errorDetail(text);
    if (status >= 500 || status === 429 || status === 408) {
      const retryAfter = Number(headerValue(response.headers['retry-after']));
      throw new TransientProviderError(`${what}: AWX answered ${status}${detail ? ` (${detail})` : ''}`, {
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1_000 } : {}),
      });
    }
    const plain: Record<number, string> = {
      401: 'AWX refused the token (401): check the token in the AWX executor settings',
      403: 'the AWX token is not allowed to do this (403): give its user the Execute role on the job template',
      404: 'AWX does not know it (404): check the job template id and the AWX URL',
    };
    throw new PermanentProviderError(
      `${what}: ${plain[status] ?? `AWX answered ${status}`}${detail && status !== 401 ? ` — ${detail}` : ''}.`,
      { code: `awx_${status}` },
    );
  }

  function parse<T>(schema: z.ZodType<T>, text: string, what: string): T {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Fall through: not JSON.
    }
    throw new PermanentProviderError(
      `${what}: AWX sent an answer Opsdesk does not understand: ${shorten(text)}`,
    );
  }

  return {
    async launch(jobTemplateId, body) {
      const what = `Launching AWX job template ${jobTemplateId}`;
      const text = await call('POST', `/api/v2/job_templates/${jobTemplateId}/launch/`, what, body);
      const launched = parse(launchResponseSchema, text, what);
      return { jobId: launched.job, ignoredFields: Object.keys(launched.ignored_fields ?? {}) };
    },
    async job(jobId) {
      const what = `Reading AWX job ${jobId}`;
      return parse(jobSchema, await call('GET', `/api/v2/jobs/${jobId}/`, what), what);
    },
    stdout(jobId) {
      return call(
        'GET',
        `/api/v2/jobs/${jobId}/stdout/?format=txt`,
        `Reading the output of AWX job ${jobId}`,
      );
    },
    async cancel(jobId) {
      await call('POST', `/api/v2/jobs/${jobId}/cancel/`, `Cancelling AWX job ${jobId}`, {});
    },
    jobUrl(jobId) {
      return `${base}/#/jobs/playbook/${jobId}/output`;
    },
  };
}
