// The capacity API (PRACTICES §9): push samples, forecast a CI's metric, a service's capacity plan,
// the rules that open problems, and Prometheus sources pulled on a schedule.
import { asc, eq } from 'drizzle-orm';
import {
  capacityRuleIn,
  capacityRuleOut,
  capacityRulesOut,
  evaluationOut,
  forecastOut,
  forecastQuery,
  planOut,
  planParams,
  prometheusSourceIn,
  prometheusSourceOut,
  prometheusSourcesOut,
  pullOut,
  samplesIn,
  samplesOut,
} from '../../../shared/api/capacity.js';
import { errorResponses, idParams } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { conflict, notFound } from '../../lib/errors.js';
import { resolveCi } from '../cmdb/index.js';
import { principalOf } from '../identity/index.js';
import { prometheusSources } from './capacity.schema.js';
import { capacityPlan, createRule, evaluateRules, forecast, ingest, listRules } from './capacity.service.js';
import { instantQuery, pullSource } from './prometheus.js';

const tags = ['capacity'];

export function capacityRoutes(app: App, context: AppContext): void {
  app.post(
    '/api/v1/capacity/samples',
    {
      config: { permission: 'cmdb:write' },
      schema: {
        tags,
        summary:
          'Push capacity samples (CPU, memory, disk, connections or any named metric) for CIs, in a batch',
        description:
          'Up to 10,000 samples; every CI must exist (a 400 names `samples.i.ci`) and every value be a finite ' +
          'number (a 400 names `samples.i.value`). Nothing is stored unless all are good.',
        body: samplesIn,
        response: { 202: samplesOut, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await ingest(context, request.body)),
  );

  app.get(
    '/api/v1/capacity/forecast',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags,
        summary: 'Forecast a CI’s metric with trend and season, and the days until it reaches a threshold',
        description:
          'Hourly steps over the last 4 weeks when there are enough of them (a weekly season of 168 h, else a daily ' +
          'one of 24), else daily steps over a year (a weekly season of 7). The crossing gives the days until the ' +
          'point forecast and the bounds of its 95 % interval reach the threshold.',
        querystring: forecastQuery,
        response: { 200: forecastOut, ...errorResponses },
      },
    },
    async (request) => forecast(context, request.query),
  );

  app.get(
    '/api/v1/capacity/services/:service/plan',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags,
        summary:
          'A service’s capacity plan: each metric of it and of what it depends on, with headroom and forecast',
        params: planParams,
        response: { 200: planOut, ...errorResponses },
      },
    },
    async (request) => capacityPlan(context, request.params.service),
  );

  app.get(
    '/api/v1/capacity/rules',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags,
        summary: 'Capacity rules',
        response: { 200: capacityRulesOut, ...errorResponses },
      },
    },
    async () => listRules(context),
  );

  app.post(
    '/api/v1/capacity/rules',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags,
        summary:
          'A capacity rule: a forecast reaching `threshold` within `withinDays` opens a problem on the CI',
        body: capacityRuleIn,
        response: { 201: capacityRuleOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRule(context, principalOf(request).user.id, request.body)),
  );

  app.post(
    '/api/v1/capacity/rules/evaluate',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags,
        summary: 'Evaluate the capacity rules now (the hourly job does it too); answers the problems opened',
        response: { 200: evaluationOut, ...errorResponses },
      },
    },
    async () => evaluateRules(context),
  );

  app.get(
    '/api/v1/capacity/prometheus-sources',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags,
        summary: 'Prometheus sources',
        response: { 200: prometheusSourcesOut, ...errorResponses },
      },
    },
    async () => context.db.select().from(prometheusSources).orderBy(asc(prometheusSources.name)),
  );

  app.post(
    '/api/v1/capacity/prometheus-sources',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags,
        summary: 'A Prometheus server and instant query pulled every minute into a metric',
        description:
          'The query is run once first: one Prometheus refuses comes back as a 400 on `query` with its error in its ' +
          'words, a server that cannot be reached as a 400 on `url`.',
        body: prometheusSourceIn,
        response: { 201: prometheusSourceOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const ci = body.ci ? await resolveCi(context.db, body.ci, { field: 'ci' }) : null;
      await instantQuery(body.url, body.query, 10_000, 'url');
      const [existing] = await context.db
        .select()
        .from(prometheusSources)
        .where(eq(prometheusSources.name, body.name));
      if (existing) throw conflict('name_taken', `name: a source is already named ${body.name}.`);
      const [row] = await context.db
        .insert(prometheusSources)
        .values({ ...body, ciId: ci?.id ?? null })
        .returning();
      return reply.status(201).send(row!);
    },
  );

  app.post(
    '/api/v1/capacity/prometheus-sources/:id/pull',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags,
        summary: 'Pull a Prometheus source now',
        params: idParams,
        response: { 200: pullOut, ...errorResponses },
      },
    },
    async (request) => {
      const [source] = await context.db
        .select()
        .from(prometheusSources)
        .where(eq(prometheusSources.id, request.params.id));
      if (!source) throw notFound('prometheus source');
      return pullSource(context, source);
    },
  );
}
