// The login limit holds under a burst of parallel guesses (issue 16, finding 1): checking the
// count and recording the attempt are one step, so no more than the limit are ever checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestApp, type TestApp } from '../../testing/harness.js';

const limit = 10;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ config: { OPSDESK_LOGIN_MAX_ATTEMPTS: String(limit) } });
});
afterAll(() => t.close());

async function attempt(email: string, password: string, remoteAddress: string): Promise<number> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    payload: { email, password },
  });
  return response.statusCode;
}

function tally(statuses: number[]) {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('login rate limit under concurrency', () => {
  it('50 parallel wrong guesses on one account: at most the limit are checked, and the right password in the burst is refused', async () => {
    const guesses = Array.from({ length: 50 }, (_, index) =>
      attempt('infra@opsdesk.local', `wrong-guess-${index}`, '10.0.0.1'),
    );
    const right = attempt('infra@opsdesk.local', demoPassword, '10.0.0.1');
    const statuses = await Promise.all(guesses);
    const counts = tally(statuses);
    // 401: the password was checked (and was wrong); 429: refused before checking.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(limit);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(50);
    expect(await right).toBe(429);
    // Still refused once the burst is over.
    expect(await attempt('infra@opsdesk.local', demoPassword, '10.0.0.2')).toBe(429);
  });

  it('80 parallel guesses on different accounts from one address: at most the address limit are checked', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 80 }, (_, index) =>
        attempt(`nobody-${index}@opsdesk.local`, 'wrong-guess', '10.0.0.3'),
      ),
    );
    const counts = tally(statuses);
    // The address limit is five times the account limit.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(limit * 5);
    expect(counts[429] ?? 0).toBeGreaterThanOrEqual(80 - limit * 5);
  });

  it('a successful sign-in does not count against the limit', async () => {
    for (let index = 0; index < limit + 2; index++) {
      expect(await attempt('pm@opsdesk.local', demoPassword, '10.0.0.4')).toBe(200);
    }
  });
});
