// The Fastify application: zod schemas on every route (validation, serialisation and the OpenAPI
// document come from the same schemas), authentication and per-route permissions, one error
// envelope, request ids, metrics, health.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  ResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { fillsInDefault } from '../../shared/patch.js';
import type { AppContext } from '../context.js';
import { DomainError, type FieldProblem, forbidden, unauthorized } from '../lib/errors.js';
import { clientErrorHandler, frameworkErrors, refuseUnstorableInput } from './edge.js';
import { httpHeadersOf, httpStatusOf } from './errors.js';
import { pageFallback, registerWeb } from './web.js';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Who is calling, as far as the HTTP edge needs to know (identity's Principal fills it in). */
export interface HttpPrincipal {
  permissions: ReadonlySet<string>;
}

/** Finds who a bearer token belongs to (identity provides it; unknown tokens are refused there). */
export type Authenticate = (token: string, now: Date) => Promise<HttpPrincipal>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public routes need no caller; every other /api/v1 route declares a `permission` (identity's vocabulary). */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: HttpPrincipal | null;
  }
}

export const sessionCookie = 'opsdesk_session';

/** The caller of an authenticated route (set by the auth hook before the handler runs). */
export function callerOf(request: FastifyRequest): HttpPrincipal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

const permissionOf = (config: unknown): string | undefined => (config as { permission?: string }).permission;

export type RouteModule = (app: App, context: AppContext) => void | Promise<void>;

/** Health probes (every few seconds from a load balancer or Kubernetes) log only warnings and errors, not each request. */
const probeLogLevel = 'warn';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearerToken(request: FastifyRequest): { token: string; viaCookie: boolean } | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized('invalid_authorization', 'Authorization must be "Bearer <token>".');
    return { token: match[1], viaCookie: false };
  }
  const cookie = request.cookies[sessionCookie];
  return cookie ? { token: cookie, viaCookie: true } : null;
}

/**
 * Cookie-authenticated writes must come from our own pages. The cookie is SameSite=Lax already;
 * on top, a cross-site Origin (or a browser saying the request is cross-site) is refused.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw forbidden('The request comes from another site (invalid Origin).', 'csrf_rejected');
    }
    if (originHost !== host) throw forbidden('The request comes from another site.', 'csrf_rejected');
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') {
    throw forbidden('The request comes from another site.', 'csrf_rejected');
  }
}

function validationProblems(error: {
  validation: { instancePath: string; message?: string | undefined; params: Record<string, unknown> }[];
  validationContext?: string;
}): FieldProblem[] {
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
  return error.validation.map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    const keys = Array.isArray(issue.params.keys) ? (issue.params.keys as string[]) : [];
    const field = [context, path].filter(Boolean).join('.');
    return {
      field: keys.length > 0 ? keys.map((key) => `${field}.${key}`).join(', ') : field,
      message: keys.length > 0 ? 'unknown field' : (issue.message ?? 'invalid'),
    };
  });
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
}

export async function buildApp(
  context: AppContext,
  modules: RouteModule[],
  options: { authenticate: Authenticate; logger?: boolean },
): Promise<App> {
  const { config, metrics, db } = context;
  const app = Fastify({
    loggerInstance: (options.logger === false ? undefined : context.log) as FastifyBaseLogger | undefined,
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    // Answers given before any route runs, in the one envelope too (http/edge.ts).
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Opsdesk API',
        version: '1',
        description: 'IT service management whose service requests fulfil themselves.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token from /api/v1/auth/login or a personal API token.',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Every API route must say who may call it: a forgotten permission is a start-up error, not an open door.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const routeConfig = route.config as { public?: boolean } | undefined;
    if (!routeConfig?.public && !permissionOf(routeConfig ?? {})) {
      throw new Error(`Route ${route.method} ${route.url} declares neither a permission nor public: true`);
    }
    // A default in a PATCH body resets what the caller left out: build PATCH bodies with patchOf().
    const body = route.schema?.body as { shape?: Record<string, z.ZodType> } | undefined;
    if (route.method === 'PATCH' && body?.shape) {
      const defaulted = Object.keys(body.shape).filter((key) => fillsInDefault(body.shape![key]!));
      if (defaulted.length > 0) {
        throw new Error(
          `Route PATCH ${route.url}: body fields ${defaulted.join(', ')} have defaults (use patchOf from shared/patch.ts)`,
        );
      }
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const routeConfig = request.routeOptions.config;
    if (!request.url.startsWith('/api/v1')) return;
    if (routeConfig.public) {
      // A public write from another site is refused too: a cross-site login would set our
      // session cookie in the victim's browser (login CSRF). Machines send no Origin.
      if (unsafeMethods.has(request.method)) assertSameOrigin(request);
      return;
    }
    const credentials = bearerToken(request);
    if (!credentials) throw unauthorized();
    if (credentials.viaCookie && unsafeMethods.has(request.method)) assertSameOrigin(request);
    const principal = await options.authenticate(credentials.token, context.clock.now());
    request.principal = principal;
    const permission = permissionOf(routeConfig);
    if (permission && !principal.permissions.has(permission)) {
      throw forbidden(`You lack the permission ${permission}.`);
    }
  });

  // Strings PostgreSQL cannot store and over-deep JSON are refused for every route, naming the field.
  app.addHook('preValidation', refuseUnstorableInput);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) {
      const headers = httpHeadersOf(error);
      if (headers) reply.headers(headers);
      const status = httpStatusOf(error);
      if (status >= 500) request.log.error({ err: error }, 'domain error');
      return sendError(reply, status, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = validationProblems(error);
      return sendError(
        reply,
        400,
        'validation_failed',
        `Invalid input: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
        problems,
      );
    }
    const fastifyError = error as { code?: string; statusCode?: number; message: string };
    if (
      !(error instanceof ResponseSerializationError) &&
      fastifyError.statusCode &&
      fastifyError.statusCode < 500
    ) {
      const known: Record<string, [string, string]> = {
        FST_ERR_CTP_BODY_TOO_LARGE: [
          'payload_too_large',
          `The request body is larger than ${config.bodyLimit} bytes.`,
        ],
        FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
        FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'The body is empty but declared as JSON.'],
        FST_ERR_CTP_INVALID_JSON_BODY: [
          'invalid_json',
          `The body is not valid JSON: ${fastifyError.message}`,
        ],
      };
      const [code, message] =
        known[fastifyError.code ?? ''] ??
        (fastifyError.message.includes('JSON')
          ? ['invalid_json', `The body is not valid JSON: ${fastifyError.message}`]
          : ['bad_request', fastifyError.message]);
      return sendError(reply, fastifyError.statusCode, code, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      500,
      'internal_error',
      `Something went wrong on our side (error id ${request.id}).`,
      {
        errorId: request.id,
      },
    );
  });

  app.setNotFoundHandler(
    (request, reply) =>
      pageFallback(app, request, reply) ??
      sendError(reply, 404, 'not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`),
  );

  app.get('/healthz', { schema: { hide: true }, logLevel: probeLogLevel }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: probeLogLevel }, async (_request, reply) => {
    try {
      await db.execute(sql`select 1 from graphile_worker.migrations limit 1`);
      return { status: 'ready' };
    } catch (error) {
      return reply.status(503).send({ status: 'not ready', reason: (error as Error).message });
    }
  });
  app.get('/metrics', { schema: { hide: true }, logLevel: probeLogLevel }, async (_request, reply) => {
    const queue = await db.execute<{ task: string; state: string; count: number }>(sql`
      select t.identifier as task,
             case when j.locked_at is not null then 'running'
                  when j.attempts >= j.max_attempts then 'failed'
                  when j.run_at > now() then 'scheduled' else 'ready' end as state,
             count(*)::int as count
        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       group by 1, 2`);
    const lines = [
      '# HELP opsdesk_job_queue_jobs Jobs in the queue by task and state.',
      '# TYPE opsdesk_job_queue_jobs gauge',
      ...queue.rows.map(
        (row) => `opsdesk_job_queue_jobs{task="${row.task}",state="${row.state}"} ${row.count}`,
      ),
    ];
    reply.type(metrics.registry.contentType);
    return `${await metrics.registry.metrics()}\n${lines.join('\n')}\n`;
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const register of modules) await register(app, context);
  await registerWeb(app);
  await app.ready();
  return app;
}
