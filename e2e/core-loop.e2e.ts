// The core loop as people do it in the browser: a developer files "Start Request Only Multistaging"
// for bugfix1x2 in the portal, the lead approves it from the inbox, the developer's open ticket
// page turns "Waiting for customer" by itself (no reload), the developer confirms, it is closed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, phone, screenshot, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the self-fulfilling request, in the browser', () => {
  it('is filed in the portal, approved from the inbox, seen done live, and confirmed', async () => {
    const dev = await signIn(browser, 'dev@opsdesk.local');
    const lead = await signIn(browser, 'lead@opsdesk.local');

    await dev.page.goto('/portal');
    await dev.page.getByRole('link', { name: 'Start Request Only Multistaging' }).click();
    await dev.page.waitForURL('**/portal/catalog/start-request-only-staging');
    await dev.page.getByLabel('Staging environment').selectOption('bugfix1x2');
    await screenshot(dev.page, 'request-form-desktop');
    await dev.page.getByRole('button', { name: 'Submit request' }).click();
    await dev.page.waitForURL(/\/tickets\/[A-Z]+-\d+$/);
    const key = dev.page.url().split('/').pop() ?? '';
    await dev.page.getByRole('heading', { level: 1, name: new RegExp(key) }).waitFor();
    await dev.page.locator('[data-status="waiting_for_approval"]').first().waitFor();
    // Marks this document: if the page reloaded, the mark would be gone.
    await dev.page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    await lead.page.goto('/approvals');
    await lead.page.getByRole('button', { name: `Approve ${key}` }).waitFor();
    await screenshot(lead.page, 'approvals-desktop');
    await lead.page.getByRole('button', { name: `Approve ${key}` }).click();
    await lead.page.getByRole('button', { name: `Approve ${key}` }).waitFor({ state: 'detached' });

    await dev.page.locator('[data-status="waiting_for_customer"]').first().waitFor({ timeout: 30_000 });
    expect(await dev.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await screenshot(dev.page, 'ticket-desktop');
    // The automation's comment names the environment's address: it is a link (new tab, no opener).
    const address = dev.page.locator('a[href^="https://bugfix1x2."]').first();
    await address.waitFor();
    expect(await address.getAttribute('rel')).toContain('noopener');
    expect(await address.getAttribute('target')).toBe('_blank');
    expect(await address.innerText()).toBe(await address.getAttribute('href'));

    await dev.page.getByRole('button', { name: 'It works' }).click();
    await dev.page.locator('[data-status="closed"]').first().waitFor();

    await dev.page.setViewportSize(phone);
    await dev.page.reload();
    await dev.page.locator('[data-status="closed"]').first().waitFor();
    await screenshot(dev.page, 'ticket-phone');
    await dev.page.setViewportSize(desktop);
    await dev.context.close();
    await lead.context.close();
  });

  it('shows the rule of an invalid domain on the field and files nothing', async () => {
    const dev = await signIn(browser, 'dev@opsdesk.local');
    await dev.page.goto('/portal/catalog/create-staging-domain');
    await dev.page.getByLabel('Staging environment').selectOption('bugfix1x2');
    const domain = dev.page.getByRole('textbox', { name: /Domain/ });
    await domain.fill('-not_a-label-');
    await dev.page.getByRole('button', { name: 'Submit request' }).click();
    await expect.poll(() => domain.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await domain.getAttribute('aria-describedby')) ?? '';
    const errorIds = describedBy.split(' ').filter((id) => id.includes('error'));
    expect(errorIds.length).toBeGreaterThan(0);
    const message = await dev.page.locator(`[id="${errorIds[0]}"]`).textContent();
    expect(message).toMatch(/letters, digits|dash|label/i);
    expect(new URL(dev.page.url()).pathname).toBe('/portal/catalog/create-staging-domain');
    await dev.context.close();
  });
});
