import {
  ciClassIn,
  ciClassListOut,
  ciClassOut,
  ciClassParams,
  ciClassPatchIn,
  ciCreateIn,
  ciDetailOut,
  ciListOut,
  ciParams,
  ciPatchIn,
  ciRelationParams,
  ciSearchQuery,
  discoveryRunIn,
  discoveryRunOut,
  historyOut,
  impactOut,
  impactQuery,
  relationDeleteQuery,
  relationIn,
  serviceListOut,
  serviceSummaryListOut,
  subscriptionIn,
  subscriptionParams,
} from '../../../shared/api/cmdb.js';
import { errorResponses, noContent } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { badRequest, DomainError, notFound } from '../../lib/errors.js';
import { actorOf, principalOf } from '../identity/index.js';
import { type CiRow, resolveCi, searchCis } from './cis.service.js';
import { createClass, listClasses, updateClass } from './classes.service.js';
import { createCiByApi, historyOfCi, relateByApi, unrelateByApi, updateCiByApi } from './cmdb.service.js';
import { ciDetail, cisToApi } from './cmdb.view.js';
import { runDiscovery } from './discovery.service.js';
import { impactOf } from './impact.service.js';
import { listServices, myServices, serviceStates, subscribe, unsubscribe } from './services.service.js';

/** A CI named in the path: unknown is a 404, not a 400. */
async function ciInPath(context: AppContext, ref: string): Promise<CiRow> {
  try {
    return await resolveCi(context.db, ref, { field: 'id' });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'unknown_ci')
      throw notFound(`The configuration item ${ref}`);
    throw error;
  }
}

const encodeCursor = (row: CiRow) =>
  Buffer.from(JSON.stringify({ name: row.name, id: row.id })).toString('base64url');
function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      name: string;
      id: string;
    };
    if (typeof parsed.name === 'string' && typeof parsed.id === 'string') return parsed;
  } catch {}
  throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned.');
}

export function cmdbRoutes(app: App, context: AppContext): void {
  const { db } = context;

  app.get(
    '/api/v1/ci-classes',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'CI classes and their attributes',
        response: { 200: ciClassListOut, ...errorResponses },
      },
    },
    async () => listClasses(db),
  );

  app.post(
    '/api/v1/ci-classes',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags: ['cmdb'],
        summary: 'Add a CI class (admins)',
        body: ciClassIn,
        response: { 201: ciClassOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { key, ...input } = request.body;
      const row = await createClass(db, actorOf(principalOf(request), request.id), key, input);
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/api/v1/ci-classes/:key',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags: ['cmdb'],
        summary: 'Change a CI class: name, icon, description, attributes (built-in attributes stay)',
        params: ciClassParams,
        body: ciClassPatchIn,
        response: { 200: ciClassOut, ...errorResponses },
      },
    },
    async (request) =>
      updateClass(db, actorOf(principalOf(request), request.id), request.params.key, request.body),
  );

  app.get(
    '/api/v1/cis',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Configuration items by class, status and words of the name (name order, cursor pagination)',
        querystring: ciSearchQuery,
        response: { 200: ciListOut, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const rows = await searchCis(db, {
        class: query.class,
        q: query.q,
        status: query.status,
        limit: query.limit + 1,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
      });
      const page = rows.slice(0, query.limit);
      return {
        items: await cisToApi(db, page),
        nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!) : null,
      };
    },
  );

  app.post(
    '/api/v1/cis',
    {
      config: { permission: 'cmdb:write' },
      schema: {
        tags: ['cmdb'],
        summary: 'Add a configuration item',
        description:
          'Attributes are checked against the class (unknown ones refused); the name is unique per class. ' +
          '`ticket` names the change, request or incident under which it happens (kept in its history).',
        body: ciCreateIn,
        response: { 201: ciDetailOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createCiByApi(context, principalOf(request), request.body, request.id);
      return reply.status(201).send(await ciDetail(db, row));
    },
  );

  app.get(
    '/api/v1/cis/:id',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'A configuration item with its relations',
        params: ciParams,
        response: { 200: ciDetailOut, ...errorResponses },
      },
    },
    async (request) => ciDetail(db, await ciInPath(context, request.params.id)),
  );

  app.patch(
    '/api/v1/cis/:id',
    {
      config: { permission: 'cmdb:write' },
      schema: {
        tags: ['cmdb'],
        summary: 'Change a configuration item (attributes merge; null removes one)',
        params: ciParams,
        body: ciPatchIn,
        response: { 200: ciDetailOut, ...errorResponses },
      },
    },
    async (request) => {
      const ci = await ciInPath(context, request.params.id);
      const row = await updateCiByApi(context, principalOf(request), ci.id, request.body, request.id);
      return ciDetail(db, row);
    },
  );

  app.post(
    '/api/v1/cis/:id/relations',
    {
      config: { permission: 'cmdb:write' },
      schema: {
        tags: ['cmdb'],
        summary: 'Relate this CI to another: depends_on, runs_on, part_of, connects_to, located_at',
        description: '"A depends_on B" means A fails when B fails. No duplicates, no self-links.',
        params: ciParams,
        body: relationIn,
        response: { 201: ciDetailOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ci = await ciInPath(context, request.params.id);
      await relateByApi(context, principalOf(request), ci.id, request.body, request.id);
      return reply.status(201).send(await ciDetail(db, ci));
    },
  );

  app.delete(
    '/api/v1/cis/:id/relations/:relationId',
    {
      config: { permission: 'cmdb:write' },
      schema: {
        tags: ['cmdb'],
        summary: 'Remove a relation of this CI',
        params: ciRelationParams,
        querystring: relationDeleteQuery,
        response: { 200: ciDetailOut, ...errorResponses },
      },
    },
    async (request) => {
      const ci = await ciInPath(context, request.params.id);
      await unrelateByApi(
        context,
        principalOf(request),
        ci.id,
        request.params.relationId,
        request.query.ticket,
        request.id,
      );
      return ciDetail(db, ci);
    },
  );

  app.get(
    '/api/v1/cis/:id/impact',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Impact analysis: what a failure of this CI reaches (down), or what it depends on (up)',
        description:
          'Transitive, cycle-safe, depth-limited; services first. Each entry has its `depth` (1 for direct ' +
          'dependents) and the `path` of CI ids from this CI to it, both ends included.',
        params: ciParams,
        querystring: impactQuery,
        response: { 200: impactOut, ...errorResponses },
      },
    },
    async (request) => {
      const ci = await ciInPath(context, request.params.id);
      const entries = await impactOf(db, ci.id, request.query.direction, request.query.depth);
      return entries.map((entry) => ({
        ci: { id: entry.ci.id, class: entry.ci.classKey, name: entry.ci.name },
        depth: entry.depth,
        path: entry.path,
      }));
    },
  );

  app.get(
    '/api/v1/cis/:id/history',
    {
      config: { permission: 'cmdb:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Every change to this CI and its relations, newest first, with the ticket it happened under',
        params: ciParams,
        response: { 200: historyOut, ...errorResponses },
      },
    },
    async (request) => historyOfCi(context, (await ciInPath(context, request.params.id)).id),
  );

  app.post(
    '/api/v1/cmdb/discovery',
    {
      config: { permission: 'cmdb:admin' },
      schema: {
        tags: ['cmdb'],
        summary: 'Discover now: reconcile the CMDB with what the providers see (also run hourly)',
        description:
          'Known CIs (by external id) are updated, new ones created, vanished ones retired; attributes set by hand stay.',
        body: discoveryRunIn,
        response: { 200: discoveryRunOut, ...errorResponses },
      },
    },
    async (request) =>
      runDiscovery(db, actorOf(principalOf(request), request.id), AbortSignal.timeout(120_000), {
        connection: request.body.connection,
        now: () => context.clock.now(),
      }),
  );

  app.get(
    '/api/v1/services',
    {
      config: { permission: 'services:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'The service catalogue: every service with its status, and whether the caller follows it',
        response: { 200: serviceSummaryListOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const services = await listServices(db);
      const [states, mine] = await Promise.all([
        serviceStates(
          db,
          services.map((service) => service.id),
          principal,
        ),
        myServices(db, principal),
      ]);
      const followed = new Set(mine.map((entry) => entry.service.id));
      const api = await cisToApi(db, services);
      return services.map((service, index) => ({
        id: service.id,
        name: service.name,
        attributes: service.attributes,
        team: api[index]!.team,
        ...states.get(service.id)!,
        subscribed: followed.has(service.id),
      }));
    },
  );

  app.get(
    '/api/v1/me/services',
    {
      config: { permission: 'services:read' },
      schema: {
        tags: ['cmdb'],
        summary:
          'The services the caller follows, with their status and the open incidents the caller may see',
        response: { 200: serviceListOut, ...errorResponses },
      },
    },
    async (request) =>
      (await myServices(db, principalOf(request))).map((entry) => ({
        id: entry.service.id,
        name: entry.service.name,
        status: entry.status,
        incidents: entry.incidents,
      })),
  );

  app.post(
    '/api/v1/me/subscriptions',
    {
      config: { permission: 'services:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Follow a service (by id or name)',
        body: subscriptionIn,
        response: { 201: serviceListOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await subscribe(context, principal, request.body.service, request.id);
      const mine = await myServices(db, principal);
      return reply.status(201).send(
        mine.map((entry) => ({
          id: entry.service.id,
          name: entry.service.name,
          status: entry.status,
          incidents: entry.incidents,
        })),
      );
    },
  );

  app.delete(
    '/api/v1/me/subscriptions/:service',
    {
      config: { permission: 'services:read' },
      schema: {
        tags: ['cmdb'],
        summary: 'Stop following a service',
        params: subscriptionParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await unsubscribe(context, principalOf(request), request.params.service, request.id);
      return reply.status(204).send(null);
    },
  );
}
