// The edge of the HTTP server: what is refused before any route schema or handler sees it
// (strings PostgreSQL cannot store, JSON nested too deep: lib/storable-input.ts), and
// the answers Fastify and Node give on their own (bad URLs, over-long parameters, oversized
// headers, broken framing), all in the one error envelope.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationFailed } from '../lib/errors.js';
import { inputProblem } from '../lib/storable-input.js';

/** preValidation hook: every body, query and path parameter of every route passes through it. */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const problem = inputProblem(value, part);
    if (problem) throw validationFailed([problem]);
  }
}

function envelope(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Fastify's `frameworkErrors`: what the router refuses before a route is found. */
export function frameworkErrors(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply) {
  const [status, code, message] =
    error.code === 'FST_ERR_BAD_URL'
      ? [400, 'bad_url', 'The URL is not valid: a percent-encoded part does not decode.']
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, 'uri_too_long', 'A path parameter of the URL is longer than any valid value.']
        : [400, 'bad_request', 'The request could not be routed.'];
  return reply.status(status).type('application/json; charset=utf-8').send(envelope(code, message));
}

/**
 * Node's `clientError`: the request is not valid HTTP (oversized headers, broken framing, a
 * timeout), so no route or hook runs. Answers in the envelope and closes the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request did not arrive in time.']
        : error.code === 'HPE_URI_TOO_LONG'
          ? [414, 'uri_too_long', 'The URL is too long.']
          : [400, 'malformed_request', 'The request is not well-formed HTTP.'];
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const body = envelope(code, message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
