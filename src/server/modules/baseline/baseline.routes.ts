import {
  type BaselineOut,
  baselineFormatQuery,
  baselineListOut,
  baselineModelOut,
  baselineOut,
  baselineParams,
  chatExportBody,
  chatImportQuery,
  manualBaselineIn,
  type RecognisedRequestOut,
  recognisedRequestListOut,
  recognisedRequestParams,
  requestFilterSchema,
  reviewIn,
  reviewOut,
} from '../../../shared/api/baseline.js';
import { errorResponses, noContent } from '../../../shared/api/common.js';
import { formatHms } from '../../../shared/duration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { type CsvColumn, sendCsv } from '../../http/csv.js';
import { actorOf, principalOf } from '../identity/index.js';
import { modelInfo } from './baseline.model.js';
import {
  type BaselineRequestRow,
  type BaselineRow,
  createManualBaseline,
  deleteBaseline,
  getBaseline,
  importChatExport,
  listBaselines,
  listRecognisedRequests,
  reviewRequest,
} from './baseline.service.js';

/** Chat exports are larger than JSON bodies: this much CSV is accepted. */
const csvBodyLimit = 64 * 1024 * 1024;

function baselineView(baseline: BaselineRow): BaselineOut {
  return {
    name: baseline.name,
    source: baseline.source === 'manual' ? 'manual' : 'chat_export',
    description: baseline.description,
    options: baseline.options,
    messageCount: baseline.messageCount,
    periodFrom: baseline.periodFrom,
    periodTo: baseline.periodTo,
    requests: baseline.table.reduce((sum, row) => sum + (row.count ?? 0), 0),
    table: baseline.table.map((row) => ({
      ...row,
      average: row.averageResolutionSeconds === null ? null : formatHms(row.averageResolutionSeconds),
    })),
    createdBy: baseline.createdBy,
    createdAt: baseline.createdAt,
    updatedAt: baseline.updatedAt,
  };
}

function requestView(request: BaselineRequestRow): RecognisedRequestOut {
  return {
    id: request.id,
    position: request.position,
    line: request.line,
    messageId: request.messageId,
    author: request.author,
    at: request.at,
    text: request.text,
    detectedType: request.detectedType,
    confidence: request.confidence,
    via: request.via,
    type: request.type,
    answer:
      request.answerAt && request.answerAuthor !== null
        ? { at: request.answerAt, author: request.answerAuthor, text: request.answerText ?? '' }
        : null,
    resolutionSeconds: request.answerAt ? (request.answerAt.getTime() - request.at.getTime()) / 1000 : null,
    reviewedBy: request.reviewedBy,
    reviewedAt: request.reviewedAt,
  };
}

export function baselineRoutes(app: App, context: AppContext): void {
  const { db } = context;
  const tags = ['baselines'];
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: csvBodyLimit },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/baselines',
    {
      config: { permission: 'baseline:admin' },
      bodyLimit: csvBodyLimit,
      schema: {
        tags,
        summary: 'Import a chat export (DiscordChatExporter CSV and similar) as a named baseline',
        description:
          'Send the CSV as the body with `Content-Type: text/csv`; options in the query string. The messages are ' +
          'classified into request types, each request is paired with the support team’s final answer, and the ' +
          'paper’s Table 2 is computed (count, average resolution time, unanswered per type). The recognised ' +
          'requests are kept for review.',
        querystring: chatImportQuery,
        body: chatExportBody,
        response: { 201: baselineOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name, support, timeZone, dayFirst, description } = request.query;
      const baseline = await importChatExport(
        db,
        actorOf(principalOf(request), request.id),
        {
          name,
          support: support ? support.split(',').map((member) => member.trim()) : [],
          dayFirst: dayFirst === 'true',
          ...(timeZone ? { timeZone } : {}),
          ...(description ? { description } : {}),
        },
        request.body,
      );
      return reply.status(201).send(baselineView(baseline));
    },
  );

  app.post(
    '/api/v1/baselines/manual',
    {
      config: { permission: 'baseline:admin' },
      schema: {
        tags,
        summary: 'Store a Table 2 typed in by hand (e.g. a report from before Opsdesk) as a named baseline',
        body: manualBaselineIn,
        response: { 201: baselineOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const baseline = await createManualBaseline(
        db,
        actorOf(principalOf(request), request.id),
        request.body,
      );
      return reply.status(201).send(baselineView(baseline));
    },
  );

  app.get(
    '/api/v1/baselines',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'Stored baselines with their Table 2',
        response: { 200: baselineListOut, ...errorResponses },
      },
    },
    async () => (await listBaselines(db)).map(baselineView),
  );

  app.get(
    '/api/v1/baselines/:name',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary: 'A baseline and its Table 2 (CSV with ?format=csv or Accept: text/csv)',
        params: baselineParams,
        querystring: baselineFormatQuery,
        response: { 200: baselineOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = baselineView(await getBaseline(db, request.params.name));
      const columns: CsvColumn<(typeof view.table)[number]>[] = [
        { header: 'request_type', value: (row) => row.type },
        { header: 'label', value: (row) => row.label },
        { header: 'count', value: (row) => row.count },
        { header: 'average_resolution_seconds', value: (row) => row.averageResolutionSeconds },
        { header: 'average_resolution', value: (row) => row.average },
        { header: 'unanswered', value: (row) => row.unanswered },
      ];
      if (sendCsv(request, reply, request.query.format, `baseline-${view.name}`, columns, view.table))
        return reply;
      return view;
    },
  );

  app.delete(
    '/api/v1/baselines/:name',
    {
      config: { permission: 'baseline:admin' },
      schema: { tags, params: baselineParams, response: { 204: noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await deleteBaseline(db, actorOf(principalOf(request), request.id), request.params.name);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/baselines/:name/requests',
    {
      config: { permission: 'baseline:admin' },
      schema: {
        tags,
        summary: 'The requests recognised in a chat export, for review',
        params: baselineParams,
        querystring: requestFilterSchema,
        response: { 200: recognisedRequestListOut, ...errorResponses },
      },
    },
    async (request) =>
      (await listRecognisedRequests(db, request.params.name, request.query)).map(requestView),
  );

  app.patch(
    '/api/v1/baselines/:name/requests/:id',
    {
      config: { permission: 'baseline:admin' },
      schema: {
        tags,
        summary: 'Correct a recognised request: its type, or null for "not a request"',
        description:
          'Recomputes the baseline’s Table 2 and keeps the correction as a training example of the stored ' +
          'classifier model, which is retrained (later imports classify with it).',
        params: recognisedRequestParams,
        body: reviewIn,
        response: { 200: reviewOut, ...errorResponses },
      },
    },
    async (request) => {
      const result = await reviewRequest(
        db,
        actorOf(principalOf(request), request.id),
        request.params.name,
        request.params.id,
        request.body.type,
      );
      return { request: requestView(result.request), baseline: baselineView(result.baseline) };
    },
  );

  app.get(
    '/api/v1/baseline-model',
    {
      config: { permission: 'baseline:admin' },
      schema: {
        tags,
        summary: 'The stored classifier model: bundled examples and reviewers’ corrections it was trained on',
        response: { 200: baselineModelOut, ...errorResponses },
      },
    },
    async () => modelInfo(db),
  );
}
