import { errorResponses, noContent } from '../../../shared/api/common.js';
import {
  initiativeCreateSchema,
  initiativeListOut,
  initiativeOut,
  initiativeParams,
  initiativePatchSchema,
  initiativeRangeQuery,
  noteOut,
  noteSchema,
  type ProgressOut,
} from '../../../shared/api/improvement.js';
import { formatHms } from '../../../shared/duration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { findBaselineById } from '../baseline/index.js';
import { actorOf, principalOf } from '../identity/index.js';
import { reportRange } from '../reports/index.js';
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

function progressView(progress: Progress): ProgressOut {
  return {
    ...progress,
    results: progress.results.map((result) => ({
      ...result,
      actualHms: result.unit === 'seconds' && result.actual !== null ? formatHms(result.actual) : null,
    })),
  };
}

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
        response: { 200: initiativeListOut, ...errorResponses },
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
        params: initiativeParams,
        querystring: initiativeRangeQuery,
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
        params: initiativeParams,
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
      schema: { tags, params: initiativeParams, response: { 204: noContent, ...errorResponses } },
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
        params: initiativeParams,
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
