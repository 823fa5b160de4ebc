import { z } from 'zod';
import { patchOf } from '../../../shared/patch.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { sandboxIdentifier } from '../../providers/sandbox/sandbox.databases.js';
import { actionNames, databaseEngines, environmentStates } from '../../providers/types.js';
import { actorOf, principalOf } from '../identity/index.js';
import {
  createEnvironment,
  type EnvironmentWithConnection,
  environmentDetails,
  getEnvironment,
  listEnvironments,
  updateEnvironment,
} from './inventory.service.js';

export const environmentName = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes (1–63, no dash at either end)',
  );

const environmentOut = z.object({
  name: z.string(),
  provider: z.string(),
  providerKind: z.string(),
  externalId: z.string(),
  state: z.enum(environmentStates),
  requestOnly: z.boolean(),
  region: z.string().nullable(),
  url: z.string().nullable(),
  domains: z.array(z.string()),
  databases: z.array(
    z.object({
      engine: z.enum(databaseEngines),
      name: z.string(),
      tables: z.record(z.string(), z.number()).optional(),
    }),
  ),
  endDate: z.string().nullable(),
  faults: z
    .array(
      z.object({
        action: z.string(),
        kind: z.enum(['permanent', 'transient']),
        remaining: z.number().nullable(),
      }),
    )
    .optional(),
  updatedAt: z.date(),
});

const faultIn = z.union([
  z.enum(actionNames),
  z
    .object({
      action: z.enum(actionNames),
      kind: z.enum(['permanent', 'transient']),
      times: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
]);

const environmentIn = z
  .object({
    name: environmentName,
    provider: z.string().min(1).default('sandbox'),
    externalId: z.string().min(1).max(200).optional(),
    state: z.enum(environmentStates).optional(),
    requestOnly: z.boolean().default(false),
    region: z.string().max(50).nullable().optional(),
    url: z.url().nullable().optional(),
    domains: z.array(z.string().max(253)).optional(),
    endDate: z.iso.date().nullable().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    databases: z
      .array(
        z
          .object({
            engine: z.enum(databaseEngines),
            name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/, 'must be a database name'),
            tables: z
              .record(
                z.string().regex(sandboxIdentifier, 'must be a table name: lowercase letters, digits, _'),
                z.number().int().min(0).max(10_000_000),
              )
              .optional(),
            connection: z
              .object({ url: z.string().min(1), schema: z.string().optional() })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    faults: z.array(faultIn).max(20).optional(),
  })
  .strict();

const environmentPatch = patchOf(
  environmentIn.pick({
    requestOnly: true,
    region: true,
    url: true,
    endDate: true,
    attributes: true,
    faults: true,
    state: true,
  }),
);

function toApi(
  environment: EnvironmentWithConnection,
  details?: Awaited<ReturnType<typeof environmentDetails>>,
) {
  return {
    name: environment.name,
    provider: environment.connection.name,
    providerKind: environment.connection.kind,
    externalId: environment.externalId,
    state: environment.state,
    requestOnly: environment.requestOnly,
    region: environment.region,
    url: environment.url,
    domains: environment.domains,
    databases: details?.databases ?? environment.databases.map(({ engine, name }) => ({ engine, name })),
    endDate: environment.endDate,
    ...(details && environment.connection.kind === 'sandbox' ? { faults: details.faults } : {}),
    updatedAt: environment.updatedAt,
  };
}

export function inventoryRoutes(app: App, context: AppContext): void {
  const { db } = context;
  app.get(
    '/api/v1/environments',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags: ['inventory'],
        summary: 'Staging environments',
        querystring: z.object({ includeTerminated: z.stringbool().default(false) }).strict(),
        response: { 200: z.array(environmentOut), ...errorResponses },
      },
    },
    async (request) => (await listEnvironments(db, request.query)).map((environment) => toApi(environment)),
  );

  app.get(
    '/api/v1/environments/:name',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags: ['inventory'],
        summary: 'One environment, with its databases (sandbox: tables and row counts)',
        params: z.object({ name: z.string().min(1).max(63) }),
        response: { 200: environmentOut, ...errorResponses },
      },
    },
    async (request) => {
      const environment = await getEnvironment(db, request.params.name);
      return toApi(environment, await environmentDetails(db, environment, context.secretKey));
    },
  );

  app.post(
    '/api/v1/environments',
    {
      config: { permission: 'inventory:admin' },
      schema: {
        tags: ['inventory'],
        summary: 'Register an environment (sandbox: with generated databases and injected faults)',
        body: environmentIn,
        response: { 201: environmentOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const environment = await createEnvironment(
        context,
        actorOf(principalOf(request), request.id),
        request.body,
      );
      return reply
        .status(201)
        .send(toApi(environment, await environmentDetails(db, environment, context.secretKey)));
    },
  );

  app.patch(
    '/api/v1/environments/:name',
    {
      config: { permission: 'inventory:admin' },
      schema: {
        tags: ['inventory'],
        params: z.object({ name: z.string().min(1).max(63) }),
        body: environmentPatch,
        response: { 200: environmentOut, ...errorResponses },
      },
    },
    async (request) => {
      const environment = await updateEnvironment(
        context,
        actorOf(principalOf(request), request.id),
        request.params.name,
        request.body,
      );
      return toApi(environment, await environmentDetails(db, environment, context.secretKey));
    },
  );
}
