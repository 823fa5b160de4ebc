// One HTTP(S) request to a host outside Opsdesk, through the network guard (lib/network-guard.ts)
// at the socket. Redirects are never followed (the new location would escape the guard's
// earlier checks and the caller's settings), and only the start of the answer is read: a
// hostile receiver could stream without end.
import http from 'node:http';
import https from 'node:https';
import { guardedAgent } from './network-guard.js';

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** At most `maxResponseBytes` of the body, as text. */
  body: string;
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  signal?: AbortSignal;
  allowPrivateNetworks: boolean;
  maxResponseBytes?: number;
  /** A resolver to use (its answers are still checked by the guard). */
  lookup?: http.RequestOptions['lookup'];
}

export function outboundRequest(target: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`${url.protocol} URLs are not supported; use http:// or https://`));
  }
  const transport = url.protocol === 'https:' ? https : http;
  const limit = request.maxResponseBytes ?? 1_048_576;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      url,
      {
        method: request.method,
        headers: {
          ...request.headers,
          ...(request.body === undefined ? {} : { 'content-length': Buffer.byteLength(request.body) }),
        },
        agent: guardedAgent(url.protocol as 'http:' | 'https:', request.allowPrivateNetworks),
        ...(request.lookup ? { lookup: request.lookup } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: Buffer.concat(chunks).subarray(0, limit).toString('utf8'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= limit) {
            finish();
            response.destroy();
          }
        });
        response.on('end', finish);
        response.on('error', (error) => (done ? undefined : reject(error)));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The first value of a response header. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
