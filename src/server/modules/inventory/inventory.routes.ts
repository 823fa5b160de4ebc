import { errorResponses } from '../../../shared/api/common.js';
import {
  environmentIn,
  environmentListOut,
  environmentListQuery,
  environmentOut,
  environmentParams,
  environmentPatch,
} from '../../../shared/api/inventory.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import {
  createEnvironment,
  type EnvironmentWithConnection,
  environmentDetails,
  getEnvironment,
  listEnvironments,
  updateEnvironment,
} from './inventory.service.js';

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
        querystring: environmentListQuery,
        response: { 200: environmentListOut, ...errorResponses },
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
        params: environmentParams,
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
        params: environmentParams,
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
