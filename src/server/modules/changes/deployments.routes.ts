import {
  deploymentIn,
  deploymentParams,
  deploymentResultIn,
  deploymentResultOut,
  gateOut,
  pipelineIn,
  pipelineOut,
} from '../../../shared/api/changes.js';
import { errorResponses } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { actorOf, principalOf } from '../identity/index.js';
import {
  checkDeployment,
  deploymentResult,
  pipelineOf,
  recordDeployment,
  registerPipeline,
} from './deployments.service.js';

const pipelineAuth =
  'Authenticated by the pipeline’s own token (`Authorization: Bearer <token>` from POST /changes/pipelines), ' +
  'not a person’s session.';

export function deploymentRoutes(app: App, context: AppContext): void {
  const tags = ['changes'];

  app.post(
    '/api/v1/changes/pipelines',
    {
      config: { permission: 'changes:admin' },
      schema: {
        tags,
        summary: 'Register a CI/CD pipeline; its token is shown once',
        body: pipelineIn,
        response: { 201: pipelineOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply
        .status(201)
        .send(await registerPipeline(context, actorOf(principal, request.id), principal, request.body));
    },
  );

  app.post(
    '/api/v1/changes/deployments',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'A pipeline records a deployment as a change and asks the gate: go, or wait with reasons',
        description: pipelineAuth,
        body: deploymentIn,
        response: { 201: gateOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const pipeline = await pipelineOf(context, request.headers.authorization);
      return reply.status(201).send(await recordDeployment(context, pipeline, request.body));
    },
  );

  app.post(
    '/api/v1/changes/deployments/:key/check',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Ask the gate again (after a freeze, once approved): go, or wait with reasons',
        description: pipelineAuth,
        params: deploymentParams,
        response: { 200: gateOut, ...errorResponses },
      },
    },
    async (request) =>
      checkDeployment(context, await pipelineOf(context, request.headers.authorization), request.params.key),
  );

  app.post(
    '/api/v1/changes/deployments/:key/result',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The deployment’s result: success closes the change; failure leaves it for review',
        description: pipelineAuth,
        params: deploymentParams,
        body: deploymentResultIn,
        response: { 200: deploymentResultOut, ...errorResponses },
      },
    },
    async (request) =>
      deploymentResult(
        context,
        await pipelineOf(context, request.headers.authorization),
        request.params.key,
        request.body,
      ),
  );
}
