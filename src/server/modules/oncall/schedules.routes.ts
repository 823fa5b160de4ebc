// HTTP for schedules: CRUD (admins of incidents), who is on call at an instant (the contract's
// `GET /schedules/{id}/oncall?at=`), the shifts of a window, overrides.
import { errorResponses, noContent } from '../../../shared/api/common.js';
import {
  idParams,
  oncallOut,
  oncallQuery,
  overrideIn,
  overrideOut,
  overrideParams,
  scheduleIn,
  scheduleOut,
  schedulesOut as schedulesOutSchema,
  shiftsOut,
  shiftsQuery,
} from '../../../shared/api/oncall.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf, usersByIds } from '../identity/index.js';
import {
  addOverride,
  createSchedule,
  deleteSchedule,
  getSchedule,
  listScheduleRows,
  onCallAt,
  removeOverride,
  replaceSchedule,
  schedulesOut,
  shiftsOf,
} from './schedules.service.js';

const tags = ['on-call'];

export function scheduleRoutes(app: App, context: AppContext): void {
  const one = async (id: string) =>
    (await schedulesOut(context.db, [await getSchedule(context.db, id)], context.clock.now()))[0]!;

  app.get(
    '/api/v1/schedules',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'On-call schedules, with who is on call now',
        response: { 200: schedulesOutSchema, ...errorResponses },
      },
    },
    async () => schedulesOut(context.db, await listScheduleRows(context.db), context.clock.now()),
  );

  app.post(
    '/api/v1/schedules',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Create a schedule: layers of rotations with hand-off time, restrictions, in a time zone',
        body: scheduleIn,
        response: { 201: scheduleOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createSchedule(context, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send(await one(row.id));
    },
  );

  app.get(
    '/api/v1/schedules/:id',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'A schedule',
        params: idParams,
        response: { 200: scheduleOut, ...errorResponses },
      },
    },
    async (request) => one(request.params.id),
  );

  app.put(
    '/api/v1/schedules/:id',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Replace a schedule (its layers whole); overrides stay',
        params: idParams,
        body: scheduleIn,
        response: { 200: scheduleOut, ...errorResponses },
      },
    },
    async (request) => {
      await replaceSchedule(
        context,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.body,
      );
      return one(request.params.id);
    },
  );

  app.delete(
    '/api/v1/schedules/:id',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Delete a schedule',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteSchedule(context, actorOf(principalOf(request), request.id), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/schedules/:id/oncall',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'Who is on call at an instant (default: now)',
        params: idParams,
        querystring: oncallQuery,
        response: { 200: oncallOut, ...errorResponses },
      },
    },
    async (request) => {
      const at = request.query.at ? new Date(request.query.at) : context.clock.now();
      const users = await onCallAt(context.db, request.params.id, at);
      return { users: users.map((user) => ({ id: user.id, name: user.displayName })) };
    },
  );

  app.get(
    '/api/v1/schedules/:id/shifts',
    {
      config: { permission: 'ticket:work' },
      schema: {
        tags,
        summary: 'The final schedule of a window (at most 93 days): consecutive shifts',
        params: idParams,
        querystring: shiftsQuery,
        response: { 200: shiftsOut, ...errorResponses },
      },
    },
    async (request) => {
      const shifts = await shiftsOf(
        context.db,
        request.params.id,
        new Date(request.query.from),
        new Date(request.query.to),
      );
      const people = await usersByIds(
        context.db,
        shifts.flatMap((shift) => shift.userIds),
      );
      return shifts.map((shift) => ({
        start: shift.start,
        end: shift.end,
        users: shift.userIds.map((id) => ({ id, name: people.get(id)?.displayName ?? 'unknown user' })),
      }));
    },
  );

  app.post(
    '/api/v1/schedules/:id/overrides',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Someone covers a person (or the whole schedule) for a while',
        params: idParams,
        body: overrideIn,
        response: { 201: overrideOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await addOverride(
        context,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.body,
      );
      const people = await usersByIds(context.db, [
        row.userId,
        ...(row.replacesUserId ? [row.replacesUserId] : []),
      ]);
      const ref = (id: string) => ({ id, name: people.get(id)?.displayName ?? 'unknown user' });
      return reply.status(201).send({
        id: row.id,
        user: ref(row.userId),
        replaces: row.replacesUserId ? ref(row.replacesUserId) : null,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        reason: row.reason,
      });
    },
  );

  app.delete(
    '/api/v1/schedules/:id/overrides/:overrideId',
    {
      config: { permission: 'incidents:admin' },
      schema: {
        tags,
        summary: 'Remove an override',
        params: overrideParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeOverride(
        context,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.params.overrideId,
      );
      return reply.status(204).send(null);
    },
  );
}
