import { z } from 'zod';
import { formatHms } from '../../../shared/duration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { findBaselineById } from '../baseline/index.js';
import { actorOf, principalOf } from '../identity/index.js';
import { rangeQuery, reportRange } from '../reports/index.js';
import {
  actionSchema,
  initiativeCreateSchema,
  initiativeKeySchema,
  initiativePatchSchema,
  noteSchema,
  planItemSchema,
  targetSchema,
} from './improvement.definitions.js';
import type { Progress } from './improvement.progress.js';
import {
  addNote,
  createInitiative,
  deleteInitiative,
  getInitiative,
  type InitiativeRow,
  listInitiatives,
  notesOf,
  progressOf,
  updateInitiative,
} from './improvement.service.js';

const noteOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  author: z.string(),
  at: z.date(),
});
const progressOut = z.object({
  from: z.date(),
  to: z.date(),
  timeZone: z.string(),
  allMet: z.boolean().nullable(),
  results: z.array(
    z.object({
      metric: z.string(),
      requestType: z.string().nullable(),
      comparison: z.string(),
      value: z.number(),
      note: z.string(),
      unit: z.enum(['seconds', 'percent']),
      actual: z.number().nullable(),
      /** H:MM:SS of actual, for averages. */
      actualHms: z.string().nullable(),
      count: z.number(),
      met: z.boolean().nullable(),
      improvementPercentage: z.number().nullable(),
      baselineSeconds: z.number().nullable(),
      improvementOverBaseline: z.number().nullable(),
    }),
  ),
});
const initiativeOut = z.object({
  key: z.string(),
  title: z.string(),
  status: z.string(),
  vision: z.string().describe('step 1: what is the vision'),
  whereAreWeNow: z.object({
    summary: z.string(),
    baseline: z
      .object({
        name: z.string(),
        table: z.array(
          z.object({
            type: z.string(),
            label: z.string(),
            count: z.number().nullable(),
            averageResolutionSeconds: z.number().nullable(),
            unanswered: z.number().nullable(),
          }),
        ),
      })
      .nullable(),
  }),
  whereDoWeWantToBe: z.object({ targets: z.array(targetSchema) }),
  howDoWeGetThere: z.object({ plan: z.array(planItemSchema) }),
  takeAction: z.object({ actions: z.array(actionSchema) }),
  didWeGetThere: progressOut,
  keepTheMomentum: z.object({ notes: z.array(noteOut) }),
  measureFrom: z.string(),
  measureTo: z.string().nullable(),
  timeZone: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

function progressView(progress: Progress): z.infer<typeof progressOut> {
  return {
    ...progress,
    results: progress.results.map((result) => ({
      ...result,
      actualHms: result.unit === 'seconds' && result.actual !== null ? formatHms(result.actual) : null,
    })),
  };
}

const keyParam = z.object({ key: initiativeKeySchema });

export function improvementRoutes(app: App, context: AppContext): void {
  const { db } = context;
  const tags = ['improvement'];

  const view = async (initiative: InitiativeRow, override?: { from: Date; to: Date }) => {
    const baseline = initiative.baselineId ? await findBaselineById(db, initiative.baselineId) : undefined;
    return {
      key: initiative.key,
      title: initiative.title,
      status: initiative.status,
      vision: initiative.vision,
      whereAreWeNow: {
        summary: initiative.currentState,
        baseline: baseline ? { name: baseline.name, table: baseline.table } : null,
      },
      whereDoWeWantToBe: { targets: initiative.targets },
      howDoWeGetThere: { plan: initiative.plan },
      takeAction: { actions: initiative.actions },
      didWeGetThere: progressView(await progressOf(context, initiative, override)),
      keepTheMomentum: { notes: await notesOf(db, initiative.id) },
      measureFrom: initiative.measureFrom,
      measureTo: initiative.measureTo,
      timeZone: initiative.timeZone,
      createdAt: initiative.createdAt,
      updatedAt: initiative.updatedAt,
    };
  };

  app.get(
    '/api/v1/improvements',
    {
      config: { permission: 'improvement:read' },
      schema: {
        tags,
        summary: 'Continual improvement initiatives',
        response: {
          200: z.array(
            z.object({ key: z.string(), title: z.string(), status: z.string(), updatedAt: z.date() }),
          ),
          ...errorResponses,
        },
      },
    },
    async () =>
      (await listInitiatives(db)).map(({ key, title, status, updatedAt }) => ({
        key,
        title,
        status,
        updatedAt,
      })),
  );

  app.post(
    '/api/v1/improvements',
    {
      config: { permission: 'improvement:admin' },
      schema: {
        tags,
        summary: 'Register an initiative: vision, baseline, targets, plan, actions and the period to measure',
        body: initiativeCreateSchema,
        response: { 201: initiativeOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createInitiative(
        context,
        actorOf(principalOf(request), request.id),
        request.body,
      );
      return reply.status(201).send(await view(created));
    },
  );

  app.get(
    '/api/v1/improvements/:key',
    {
      config: { permission: 'improvement:read' },
      schema: {
        tags,
        summary: 'An initiative by the seven steps, "did we get there" measured from ticket data now',
        description: 'didWeGetThere covers the initiative’s period unless from/to are given.',
        params: keyParam,
        querystring: rangeQuery.partial(),
        response: { 200: initiativeOut, ...errorResponses },
      },
    },
    async (request) => {
      const initiative = await getInitiative(db, request.params.key);
      const { from, to } = request.query;
      const override =
        from || to
          ? reportRange(
              {
                from: from ?? initiative.measureFrom,
                to: to ?? initiative.measureTo ?? undefined,
                timeZone: request.query.timeZone ?? initiative.timeZone,
              },
              context.clock.now(),
            )
          : undefined;
      return view(initiative, override);
    },
  );

  app.patch(
    '/api/v1/improvements/:key',
    {
      config: { permission: 'improvement:admin' },
      schema: {
        tags,
        summary: 'Change any part of an initiative (lists are replaced whole)',
        params: keyParam,
        body: initiativePatchSchema,
        response: { 200: initiativeOut, ...errorResponses },
      },
    },
    async (request) =>
      view(
        await updateInitiative(
          context,
          actorOf(principalOf(request), request.id),
          request.params.key,
          request.body,
        ),
      ),
  );

  app.delete(
    '/api/v1/improvements/:key',
    {
      config: { permission: 'improvement:admin' },
      schema: { tags, params: keyParam, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await deleteInitiative(context, actorOf(principalOf(request), request.id), request.params.key);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/improvements/:key/notes',
    {
      config: { permission: 'improvement:admin' },
      schema: {
        tags,
        summary: 'Keep the momentum: add a note, a lesson learned or a documentation link',
        params: keyParam,
        body: noteSchema,
        response: { 201: noteOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addNote(context, actorOf(principalOf(request), request.id), request.params.key, request.body),
        ),
  );
}
