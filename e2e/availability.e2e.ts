// An agent looks at a service's availability: the figure, the timeline of the outage behind it,
// the incident in the intervals table, the CSV link, and the capacity plan of what it depends on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the availability page', () => {
  it('shows the outage behind the number and the capacity plan', async () => {
    const infra = await apiAs('infra@opsdesk.local');
    const admin = await apiAs('admin@opsdesk.local');
    const suffix = Date.now().toString(36);
    const service = `e2e-svc-${suffix}`;
    const host = `e2e-host-${suffix}`;
    const svc = await infra<{ id: string }>('POST', '/cis', { class: 'service', name: service });
    const server = await infra<{ id: string }>('POST', '/cis', { class: 'server', name: host });
    await infra('POST', `/cis/${svc.id}/relations`, { type: 'depends_on', target: server.id });
    const incident = await infra<{ key: string }>('POST', '/incidents', {
      title: 'e2e outage',
      service,
      impact: 'high',
      urgency: 'high',
      impactStartedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    await infra('POST', `/tickets/${incident.key}/transitions`, { name: 'resolve', comment: 'Back.' });
    const day = 86_400_000;
    await infra('POST', '/capacity/samples', {
      samples: Array.from({ length: 30 }, (_, i) => ({
        ci: server.id,
        metric: `disk-${suffix}`,
        value: 50 + i,
        at: new Date(Date.now() - (29 - i) * day).toISOString(),
      })),
    });
    await admin('POST', '/capacity/rules', { metric: `disk-${suffix}`, threshold: 95, withinDays: 60 });

    const { page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto(`/dashboards/availability?service=${encodeURIComponent(service)}`);
    await expect
      .poll(() => page.getByRole('heading', { name: new RegExp(`^${service}: \\d+\\.\\d+ %$`) }).count(), {
        timeout: 30_000,
      })
      .toBe(1)
      .catch(async (error) => {
        throw new Error(`${error}\n${await page.locator('body').innerText()}`);
      });
    expect(await page.getByRole('img', { name: /1 outage intervals/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: incident.key }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain(
      'format=csv',
    );
    await expect.poll(() => page.getByRole('link', { name: host }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('cell', { name: `disk-${suffix}` }).count()).toBe(1);
  });
});
