// Pulling capacity metrics from a Prometheus server's HTTP query API (GET /api/v1/query, an instant
// query): each series of the answer is one sample of the source's metric on the CI its label names
// (or the source's one CI). A query Prometheus refuses is the caller's to fix and comes back in
// Prometheus's words; a server that cannot be reached is `unavailable` (a 400 on `url` while a
// source is being created: its URL is then the caller's to fix).
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { DomainError, invalidField, unavailable } from '../../lib/errors.js';
import { resolveCi } from '../cmdb/index.js';
import { prometheusSources } from './capacity.schema.js';
import { type RawSample, storeSamples } from './capacity.service.js';

export interface InstantSeries {
  labels: Record<string, string>;
  at: Date;
  value: number;
}

interface PrometheusAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Runs an instant query; throws with Prometheus's own error in words. With `urlField` (a source
 * being created), a server that cannot be reached is the caller's to fix: a 400 naming that field.
 */
export async function instantQuery(
  baseUrl: string,
  query: string,
  timeoutMs = 10_000,
  urlField?: string,
): Promise<InstantSeries[]> {
  const unreachable = (code: string, message: string) =>
    urlField ? invalidField(urlField, message, code) : unavailable(code, message);
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw unreachable('prometheus_unreachable', `Prometheus at ${baseUrl} could not be reached: ${cause}`);
  }
  let answer: PrometheusAnswer;
  try {
    answer = (await response.json()) as PrometheusAnswer;
  } catch {
    throw unreachable(
      'prometheus_bad_answer',
      `Prometheus at ${baseUrl} answered HTTP ${response.status} without a JSON body: is this the server's base URL?`,
    );
  }
  if (answer.status !== 'success') {
    const words = `Prometheus refused the query: ${answer.errorType ?? 'error'}: ${answer.error ?? `HTTP ${response.status}`}`;
    // bad_data is the query's fault; anything else (timeout, execution, internal) is the server's.
    if (answer.errorType === 'bad_data') throw invalidField('query', words, 'prometheus_query_failed');
    throw unavailable('prometheus_query_failed', words);
  }
  const kind = answer.data?.resultType;
  const result = answer.data?.result;
  if (kind === 'scalar' && Array.isArray(result))
    return [{ labels: {}, at: new Date(Number(result[0]) * 1000), value: Number(result[1]) }];
  if (kind !== 'vector' || !Array.isArray(result))
    throw invalidField(
      'query',
      `Prometheus answered a ${kind ?? 'missing'} result; an instant vector is needed.`,
      'prometheus_not_vector',
    );
  return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((series) => ({
    labels: series.metric ?? {},
    at: new Date(Number(series.value[0]) * 1000),
    value: Number(series.value[1]),
  }));
}

type SourceRow = typeof prometheusSources.$inferSelect;

/** Queries one source now and stores what it answers; the error (if any) is kept on the source. */
export async function pullSource(
  context: AppContext,
  source: SourceRow,
): Promise<{ stored: number; skipped: string[] }> {
  const now = context.clock.now();
  try {
    const series = await instantQuery(source.url, source.query);
    const skipped: string[] = [];
    const samples: RawSample[] = [];
    const byName = new Map<string, string | null>();
    for (const one of series) {
      const described = JSON.stringify(one.labels);
      if (!Number.isFinite(one.value)) {
        skipped.push(`${described}: the value ${one.value} is not finite`);
        continue;
      }
      let ciId = source.ciId;
      if (!ciId) {
        const name = one.labels[source.ciLabel];
        if (!name) {
          skipped.push(`${described}: no label ${source.ciLabel}`);
          continue;
        }
        if (!byName.has(name)) {
          try {
            byName.set(name, (await resolveCi(context.db, name, { field: 'ci' })).id);
          } catch {
            byName.set(name, null);
          }
        }
        ciId = byName.get(name) ?? null;
        if (!ciId) {
          skipped.push(`${described}: no CI is named ${name}`);
          continue;
        }
      }
      samples.push({ ciId, metric: source.metric, at: one.at, value: one.value });
    }
    await storeSamples(context.db, samples);
    await context.db
      .update(prometheusSources)
      .set({ lastRunAt: now, lastError: null })
      .where(eq(prometheusSources.id, source.id));
    return { stored: samples.length, skipped };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await context.db
      .update(prometheusSources)
      .set({ lastRunAt: now, lastError: message })
      .where(eq(prometheusSources.id, source.id));
    throw error instanceof DomainError ? error : unavailable('prometheus_pull_failed', message);
  }
}

/** The scheduled pull: every enabled source; one failing does not stop the others. */
export async function pullAll(context: AppContext): Promise<void> {
  const sources = await context.db
    .select()
    .from(prometheusSources)
    .where(eq(prometheusSources.enabled, true));
  for (const source of sources) {
    try {
      await pullSource(context, source);
    } catch (error) {
      context.log.warn({ source: source.name, err: error }, 'capacity: Prometheus pull failed');
    }
  }
}
