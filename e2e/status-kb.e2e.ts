// Issue 14 in Chromium: the public status page read with JavaScript off shows a major outage and
// its public updates; a requester typing "vpn not connecting" in the portal's problem report sees
// the known-error article (demo data), clicks "This solved it", and the deflection report counts it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, baseUrl, launch, signIn, until } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the public status page without JavaScript', () => {
  it('shows a major outage and its public updates, not the internal note', async () => {
    const infra = await apiAs('infra@opsdesk.local');
    await infra('POST', '/cis', {
      class: 'service',
      name: 'Customer portal',
      team: 'infrastructure',
      attributes: { public: true, statusGroup: 'Websites' },
    });
    const incident = await infra<{ key: string }>('POST', '/incidents', {
      title: 'Customer portal is down',
      cis: ['Customer portal'],
      impact: 'high',
      urgency: 'high',
    });
    await infra('POST', `/incidents/${incident.key}/updates`, {
      body: 'Load balancer certificate expired (internal).',
      visibility: 'internal',
    });
    await infra('POST', `/incidents/${incident.key}/updates`, {
      body: 'The customer portal does not load; we are on it.',
      visibility: 'public',
      status: 'identified',
    });

    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseUrl() });
    const page = await context.newPage();
    const text = await until(async () => {
      await page.goto('/status');
      const body = await page.locator('body').innerText();
      return body.includes('The customer portal does not load') ? body : undefined;
    });
    expect(text).toContain('Major System Outage');
    expect(text).toContain('Customer portal is down');
    expect(text).toMatch(/Customer portal\s*Major Outage/i);
    expect(text).not.toContain('certificate expired');
    await page.getByRole('link', { name: 'Customer portal is down' }).click();
    await page.getByText('The customer portal does not load; we are on it.').waitFor();
    expect(await page.locator('script').count()).toBe(0);
    await context.close();
  });
});

describe('deflection in the portal', () => {
  it('a requester finds the known-error article, it solved it, and the report counts it', async () => {
    const { context, page } = await signIn(browser, 'dev@opsdesk.local');
    await page.goto('/portal/report');
    await page.getByRole('textbox', { name: 'What is not working?' }).fill('vpn not connecting');
    const suggestions = page.getByLabel('Suggestions');
    await suggestions.getByRole('link', { name: /VPN not connecting .*known error/ }).waitFor();
    await suggestions.getByRole('button', { name: 'This solved it' }).first().click();
    await page.getByText('Glad that solved it — no request needed.').waitFor();
    await context.close();

    const lead = await apiAs('admin@opsdesk.local');
    const report = await until(async () => {
      const current = await lead<{ solved: number; byArticle: { title: string; solved: number }[] }>(
        'GET',
        '/kb/deflection-report',
      );
      return current.solved >= 1 ? current : undefined;
    });
    const row = report.byArticle.find((entry) => /VPN not connecting/.test(entry.title));
    expect(row?.solved).toBe(1);

    const admin = await signIn(browser, 'admin@opsdesk.local');
    await admin.page.goto('/kb/deflection');
    await admin.page.getByRole('cell', { name: /VPN not connecting/ }).waitFor();
    await admin.context.close();
  });
});
