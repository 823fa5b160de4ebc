import { z } from 'zod';
import { fieldDefinitionSchema } from '../../../shared/fields.js';
import { patchOf } from '../../../shared/patch.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { forbidden } from '../../lib/errors.js';
import { actorOf, principalOf, teamsByIds } from '../identity/index.js';
import { approvalPolicySchema } from './approval-policy.js';
import {
  createCategory,
  createRequestType,
  getCatalog,
  getRequestType,
  type RequestTypeRow,
  updateCategory,
  updateRequestType,
} from './catalog.service.js';
import { fulfilmentSpecSchema } from './fulfilment-spec.js';

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (at most 63)');
const slaTarget = z
  .object({ metric: z.string().min(1).max(63), goalSeconds: z.number().int().positive() })
  .strict();

const requestTypePublic = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  documentation: z.string(),
  docsUrl: z.string().nullable(),
  icon: z.string(),
  fields: z.array(fieldDefinitionSchema),
  /** The goals of the SLA policy that measures the type (set through /api/v1/sla/policies). */
  slaTargets: z.array(slaTarget),
});

const requestTypeAdmin = requestTypePublic.extend({
  category: z.string(),
  workflow: z.string(),
  team: z.string().nullable(),
  approval: approvalPolicySchema,
  fulfilment: fulfilmentSpecSchema.nullable(),
  autoCloseDays: z.number().nullable(),
  active: z.boolean(),
  position: z.number(),
});

const categoryOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  requestTypes: z.array(
    requestTypePublic.extend({
      /** With includeInactive (admins): whether requesters see it, and its workflow. */
      active: z.boolean().optional(),
      workflow: z.string().optional(),
    }),
  ),
});

const requestTypeIn = z
  .object({
    key,
    category: key,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    documentation: z.string().max(50_000).optional(),
    docsUrl: z.string().max(2000).nullable().optional(),
    icon: z.string().max(50).optional(),
    fields: z.array(fieldDefinitionSchema).max(50),
    workflow: z.string().max(63).optional(),
    team: key.nullable().optional(),
    approval: approvalPolicySchema,
    fulfilment: fulfilmentSpecSchema.nullable().optional(),
    autoCloseDays: z.number().min(0).max(365).nullable().optional(),
    active: z.boolean().optional(),
    position: z.number().int().optional(),
  })
  .strict();

const categoryIn = z
  .object({
    key,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    position: z.number().int().optional(),
  })
  .strict();

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
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: z.array(categoryOut), ...errorResponses },
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
        params: z.object({ key: z.string().max(100) }),
        response: { 200: z.union([requestTypeAdmin, requestTypePublic]), ...errorResponses },
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
        params: z.object({ key }),
        body: patchOf(categoryIn.omit({ key: true })),
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
        params: z.object({ key: z.string().max(100) }),
        body: patchOf(requestTypeIn.omit({ key: true })),
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
