import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, loopbackServer } from '../testing/loopback.js';
import { pinnedLookup, pinTarget } from './pinned-target.js';

afterEach(closeLoopbackServers);

function get(
  url: string,
  lookup: ReturnType<typeof pinnedLookup>,
): Promise<{ status: number; host: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { lookup }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, host: String(response.headers['x-seen-host']) });
      })
      .on('error', reject);
  });
}

describe('pinnedLookup', () => {
  it('connects to the checked address whatever the name would resolve to now', async () => {
    const server = await loopbackServer((request, response) =>
      response.writeHead(204, { 'x-seen-host': String(request.headers.host) }).end(),
    );
    const port = new URL(server.url).port;
    // hooks.example.invalid cannot resolve at all: the request only works through the pin.
    const lookup = pinnedLookup('hooks.example.invalid', [{ address: '127.0.0.1', family: 4 }]);
    expect(await get(`http://hooks.example.invalid:${port}/itsm`, lookup)).toEqual({
      status: 204,
      host: `hooks.example.invalid:${port}`,
    });
  });

  it('has no answer for a family it was not given', async () => {
    const lookup = pinnedLookup('hooks.example.invalid', [{ address: '127.0.0.1', family: 4 }]);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('hooks.example.invalid', { family: 6 }, (caught) => resolve(caught)),
    );
    expect(error?.code).toBe('ENOTFOUND');
  });
});

describe('pinTarget', () => {
  it('refuses a name that resolves to loopback', async () => {
    expect(await pinTarget(new URL('http://localhost:8080/hook'), false)).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it('a name that does not resolve is retryable', async () => {
    expect(await pinTarget(new URL('http://hooks.example.invalid/hook'), false)).toMatchObject({
      ok: false,
      retryable: true,
      // ENOTFOUND with a resolver, EAI_AGAIN without network.
      reason: expect.stringMatching(/^cannot resolve hooks\.example\.invalid: (ENOTFOUND|EAI_AGAIN)$/),
    });
  });
});
