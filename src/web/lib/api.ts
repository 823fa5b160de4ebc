// The one way the browser talks to the API: same-origin fetch with the session cookie, JSON in and
// out, and the server's error envelope {"error": {code, message, details}} turned into ApiError.
// Every call names the response's schema in the API contract (src/shared/api, see ./contract.ts):
// the answer is typed by it, and in development and tests checked against it, so a drift between
// the app and the server shows at once. A production build only types it: no zod, no parsing.
import type { ErrorEnvelope, Wire } from '../../shared/api/common';
import type { FieldProblem } from '../../shared/fields';
import { loadSchema, type SchemaName, type SchemaNamed } from './contract';

export type { FieldProblem };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field problems of a 400 keyed by the field's own name (`body.fields.domain` → `domain`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const problem of this.details as FieldProblem[]) {
      if (!problem || typeof problem.field !== 'string') continue;
      const key = problem.field.replace(/^(body\.)?(fields\.)?/, '');
      out[key] ??= problem.message;
    }
    return out;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

/** Calls `path` and answers its JSON as `response` (the contract's schema of a 2xx answer) describes it. */
export async function api<Name extends SchemaName>(
  path: string,
  response: Name,
  options: ApiOptions = {},
): Promise<Wire<SchemaNamed<Name>>> {
  const init: RequestInit = {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal: options.signal,
  };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let answer: Response;
  try {
    answer = await fetch(withQuery(path, options.query), init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Opsdesk cannot be reached. Check your connection and try again.');
  }
  let data: unknown = null;
  if (answer.status !== 204) {
    const text = await answer.text();
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
  }
  if (!answer.ok) {
    const envelope = (data as Partial<ErrorEnvelope> | undefined)?.error;
    throw new ApiError(
      answer.status,
      envelope?.code ?? 'http_error',
      envelope?.message ?? `The server answered ${answer.status}.`,
      envelope?.details,
    );
  }
  if (import.meta.env.DEV) await checkAnswer(init.method!, path, answer.status, response, data);
  return data as Wire<SchemaNamed<Name>>;
}

/** Development and tests: the answer must be what the contract says, or the call fails loudly. */
async function checkAnswer(
  method: string,
  path: string,
  status: number,
  response: SchemaName,
  data: unknown,
) {
  const result = (await loadSchema(response)).safeParse(data);
  if (result.success) return;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(answer)',
    message: issue.message,
  }));
  console.error(
    `${method} ${path}: the answer does not match the API contract (${response})`,
    problems,
    data,
  );
  throw new ApiError(
    status,
    'contract_mismatch',
    `${method} ${path} answered something the API contract (${response}) does not describe: ${problems
      .map((problem) => `${problem.field}: ${problem.message}`)
      .join('; ')}`,
    problems,
  );
}

/** A download link for an endpoint (CSV exports) with the same query string. */
export const href = (path: string, query?: Query) => withQuery(path, query);
