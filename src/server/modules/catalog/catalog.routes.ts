import {
  catalogOut,
  catalogQuery,
  categoryIn,
  categoryOut,
  categoryParams,
  categoryPatch,
  requestTypeAdmin,
  requestTypeIn,
  requestTypeOut,
  requestTypeParams,
  requestTypePatch,
} from '../../../shared/api/catalog.js';
import { errorResponses } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { forbidden } from '../../lib/errors.js';
import { actorOf, principalOf, teamsByIds } from '../identity/index.js';
import {
  createCategory,
  createRequestType,
  getCatalog,
  getRequestType,
  type RequestTypeRow,
  updateCategory,
  updateRequestType,
} from './catalog.service.js';
import { databaseCheckOf } from './fulfilment-spec.js';

function publicPart(type: RequestTypeRow) {
  return {
    key: type.key,
    name: type.name,
    description: type.description,
    documentation: type.documentation,
    docsUrl: type.docsUrl,
    icon: type.icon,
    fields: type.fields,
    slaTargets: type.slaTargets,
    databaseCheck: databaseCheckOf(type.fulfilment),
    askSummary: type.askSummary,
    standardChange: type.standardChange,
  };
}

export function catalogRoutes(app: App, context: AppContext): void {
  const { db } = context;
  const adminView = async (type: RequestTypeRow) => {
    const catalog = await getCatalog(db, { includeInactive: true });
    const teamRows = type.teamId ? [...(await teamsByIds(db, [type.teamId])).values()] : [];
    return {
      ...publicPart(type),
      category: catalog.find((category) => category.id === type.categoryId)!.key,
      workflow: type.workflowKey,
      team: teamRows.find((team) => team.id === type.teamId)?.key ?? null,
      approval: type.approval,
      fulfilment: type.fulfilment,
      autoCloseDays: type.autoCloseDays,
      active: type.active,
      position: type.position,
    };
  };

  app.get(
    '/api/v1/catalog',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['catalog'],
        summary: 'Categories and their request types, each with its form fields and documentation',
        description:
          'includeInactive=true (admins only): also the request types requesters do not see, each with `active` and `workflow`.',
        querystring: catalogQuery,
        response: { 200: catalogOut, ...errorResponses },
      },
    },
    async (request) => {
      const all = request.query.includeInactive === 'true';
      if (all && !principalOf(request).permissions.has('catalog:admin')) {
        throw forbidden('includeInactive: only admins see inactive request types.');
      }
      return (await getCatalog(db, { includeInactive: all })).map((category) => ({
        key: category.key,
        name: category.name,
        description: category.description,
        requestTypes: category.requestTypes.map((type) =>
          all ? { ...publicPart(type), active: type.active, workflow: type.workflowKey } : publicPart(type),
        ),
      }));
    },
  );

  app.get(
    '/api/v1/catalog/request-types/:key',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['catalog'],
        summary: 'One request type (admins also see its workflow, approval policy and fulfilment)',
        params: requestTypeParams,
        response: { 200: requestTypeOut, ...errorResponses },
      },
    },
    async (request) => {
      const type = await getRequestType(db, request.params.key);
      return principalOf(request).permissions.has('catalog:admin') ? adminView(type) : publicPart(type);
    },
  );

  app.post(
    '/api/v1/catalog/categories',
    {
      config: { permission: 'catalog:admin' },
      schema: { tags: ['catalog'], body: categoryIn, response: { 201: categoryOut, ...errorResponses } },
    },
    async (request, reply) => {
      const category = await createCategory(db, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send({
        key: category.key,
        name: category.name,
        description: category.description,
        requestTypes: [],
      });
    },
  );

  app.patch(
    '/api/v1/catalog/categories/:key',
    {
      config: { permission: 'catalog:admin' },
      schema: {
        tags: ['catalog'],
        params: categoryParams,
        body: categoryPatch,
        response: { 200: categoryOut, ...errorResponses },
      },
    },
    async (request) => {
      const category = await updateCategory(
        db,
        actorOf(principalOf(request), request.id),
        request.params.key,
        request.body,
      );
      const full = (await getCatalog(db)).find((candidate) => candidate.id === category.id)!;
      return {
        key: full.key,
        name: full.name,
        description: full.description,
        requestTypes: full.requestTypes.map(publicPart),
      };
    },
  );

  app.post(
    '/api/v1/catalog/request-types',
    {
      config: { permission: 'catalog:admin' },
      schema: {
        tags: ['catalog'],
        body: requestTypeIn,
        response: { 201: requestTypeAdmin, ...errorResponses },
      },
    },
    async (request, reply) => {
      const type = await createRequestType(db, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send(await adminView(type));
    },
  );

  app.patch(
    '/api/v1/catalog/request-types/:key',
    {
      config: { permission: 'catalog:admin' },
      schema: {
        tags: ['catalog'],
        params: requestTypeParams,
        body: requestTypePatch,
        response: { 200: requestTypeAdmin, ...errorResponses },
      },
    },
    async (request) =>
      adminView(
        await updateRequestType(
          db,
          actorOf(principalOf(request), request.id),
          request.params.key,
          request.body,
        ),
      ),
  );
}
