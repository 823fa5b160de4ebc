// An admin keeps the SLA calendars: creates one in the editor drawer, finds it listed, deletes it
// behind a confirmation.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launch, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('admin', () => {
  it('creates an SLA calendar and deletes it after confirming', async () => {
    const { context, page } = await signIn(browser, 'admin@opsdesk.local');
    await page.goto('/admin/sla?tab=calendars');
    await page.getByRole('button', { name: 'New calendar' }).click();
    const editor = page.getByRole('dialog', { name: 'New calendar' });
    await editor.getByRole('textbox', { name: 'Name' }).fill('E2E support hours');
    await editor.getByRole('textbox', { name: 'Key' }).fill('e2e_support_hours');
    await editor.getByRole('button', { name: 'Save calendar' }).click();
    await page.getByRole('heading', { name: 'E2E support hours', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit E2E support hours' }).click();
    await page.getByRole('button', { name: 'Delete calendar' }).first().click();
    const confirm = page.getByRole('dialog', { name: 'Delete calendar e2e_support_hours?' });
    await confirm.getByRole('button', { name: 'Delete calendar' }).click();
    await page
      .getByRole('heading', { name: 'E2E support hours', exact: true })
      .waitFor({ state: 'detached' });
    await context.close();
  });
});
