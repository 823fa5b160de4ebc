// A service desk's first morning (issue 21): an admin creates a request type in the UI, a
// requester files it with a summary and a description, an agent of its team takes it (it is then
// under "Assigned to me") and marks it done.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a request type created in the admin UI, worked by its team', () => {
  it('is created, filed, taken and done', async () => {
    const admin = await signIn(browser, 'admin@opsdesk.local');
    await admin.page.goto('/admin/request-types');
    await admin.page.getByRole('button', { name: 'New request type' }).click();
    const modal = admin.page.getByRole('dialog', { name: 'New request type' });
    await modal.getByRole('textbox', { name: 'Name' }).fill('Office chair');
    await modal.getByLabel('Team that handles it').click();
    await admin.page.getByRole('option', { name: 'Infrastructure' }).click();
    await modal.getByRole('button', { name: 'Create' }).click();
    await admin.page.waitForURL('**/admin/request-types/office-chair');
    // A new field's key comes from its label (not "field1"), until a key is typed.
    await admin.page.getByRole('button', { name: 'Add field' }).first().click();
    await admin.page.getByRole('textbox', { name: 'Label', exact: true }).fill('Chair colour');
    expect(await admin.page.getByRole('textbox', { name: 'Key', exact: true }).inputValue()).toBe(
      'chairColour',
    );
    await admin.page.getByRole('button', { name: 'Save', exact: true }).click();
    await admin.page.getByText('Saved. Requesters see the new version right away.').waitFor();
    await admin.context.close();

    const dev = await signIn(browser, 'dev@opsdesk.local');
    await dev.page.goto('/portal/catalog/office-chair');
    // A required field is marked: a visible asterisk, and aria-required for screen readers.
    const colour = dev.page.getByRole('textbox', { name: 'Chair colour' });
    expect(await colour.getAttribute('aria-required')).toBe('true');
    expect(await dev.page.locator('label[for="field-chairColour"]').innerText()).toMatch(
      /^Chair colour\s*\*$/,
    );
    await colour.fill('Blue');
    await dev.page.getByRole('textbox', { name: 'Summary' }).fill('Chair for the new desk');
    await dev.page.getByRole('textbox', { name: 'Description' }).fill('Room 4.12, by Monday please.');
    await dev.page.getByRole('button', { name: 'Submit request' }).click();
    await dev.page.waitForURL('**/tickets/REQ-*');
    const key = /tickets\/(REQ-\d+)/.exec(dev.page.url())![1]!;
    await dev.page.getByText('Room 4.12, by Monday please.').first().waitFor();
    await dev.context.close();

    const infra = await signIn(browser, 'infra@opsdesk.local');
    await infra.page.goto(`/tickets/${key}`);
    await infra.page.getByRole('button', { name: 'Take it' }).click();
    await infra.page.getByTestId('assignee').getByText('(you)').waitFor();
    await infra.page.goto('/agent?assignee=me');
    await infra.page.getByRole('link', { name: key }).waitFor();
    await infra.page.getByRole('link', { name: key }).click();
    await infra.page.getByRole('button', { name: 'Resolve' }).click();
    await infra.page.getByText('Waiting for customer').first().waitFor();
    expect(await infra.page.getByText('Need further support').count()).toBe(0);
    await infra.context.close();
  });
});

describe('the account page', () => {
  it('creates a personal API token, shows it once, and revokes it', async () => {
    const { context, page } = await signIn(browser, 'dev@opsdesk.local');
    await page.goto('/account');
    await page.getByRole('textbox', { name: 'Token name' }).fill('e2e script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Copy it now: it is not shown again.').waitFor();
    await page.getByRole('button', { name: 'Revoke token e2e script' }).click();
    await page.getByRole('button', { name: 'Revoke token e2e script' }).waitFor({ state: 'detached' });
    await context.close();
  });
});
