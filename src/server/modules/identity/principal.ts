import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../http/app.js';
import type { Principal } from './auth.service.js';

/** The signed-in caller of a route (set by the HTTP edge's auth hook from `authenticate`). */
export function principalOf(request: FastifyRequest): Principal {
  return callerOf(request) as Principal;
}
