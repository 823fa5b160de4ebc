// Event management in the browser, on the demo data (a Prometheus integration, a storm made one
// incident, an unbound printer alert): an admin adds an integration and gets its URL with the key,
// which then accepts an Alertmanager message; an agent silences alerts and sees the silence listed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, screenshot, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('event management', () => {
  it('an admin adds an integration and the URL it shows accepts alerts', async () => {
    const { context, page } = await signIn(browser, 'admin@opsdesk.local');
    await page.goto('/events/integrations');
    await page.getByRole('row', { name: /Prometheus Jakarta \(demo\)/ }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Grafana staging');
    await page.getByRole('button', { name: 'Add integration' }).click();
    const shown = page.getByLabel('Integration URL');
    await shown.waitFor();
    const url = (await shown.textContent())?.trim() ?? '';
    expect(url).toMatch(/\/api\/v1\/intake\/[0-9a-f-]+\?key=odk_/);
    await page.getByRole('row', { name: /Grafana staging/ }).waitFor();
    await screenshot(page, 'events-integrations');
    const delivered = await fetch(`${baseUrl()}${new URL(url).pathname}${new URL(url).search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'E2eProbe', instance: 'app-jkt-02:9100', severity: 'warning' },
            annotations: { summary: 'E2E probe alert' },
            startsAt: new Date().toISOString(),
            fingerprint: 'e2e-probe',
          },
        ],
      }),
    });
    expect(delivered.status).toBe(200);
    await page.goto('/events');
    await page.getByRole('link', { name: 'E2E probe alert' }).waitFor();
    await context.close();
  });

  it('an agent silences alerts by label and sees the silence', async () => {
    const { context, page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto('/events/silences');
    const form = page.getByRole('form', { name: 'New silence' });
    await form.getByRole('textbox', { name: 'Matchers' }).fill('alertname=PrinterOffline');
    await form.getByRole('textbox', { name: 'Why' }).fill('Printer replaced on Monday');
    await form.getByRole('button', { name: 'Silence' }).click();
    const row = page.getByRole('row', { name: /Printer replaced on Monday/ });
    await row.waitFor();
    await row.getByText('alertname=PrinterOffline').waitFor();
    await row.getByText('active').waitFor();
    await screenshot(page, 'events-silences');
    await context.close();
  });
});
