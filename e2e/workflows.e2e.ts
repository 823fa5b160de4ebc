// An admin copies the built-in fulfilment workflow, adds a status, is told it cannot be reached,
// adds the transition that leads to it, saves, and finds the copy listed (the original unchanged).
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

describe('workflow editor', () => {
  it('copies a built-in workflow, edits the copy with its diagram as preview, and saves it', async () => {
    const { context, page } = await signIn(browser, 'admin@opsdesk.local');
    await page.goto('/admin/workflows/fulfilment');
    await page.getByRole('link', { name: 'Copy workflow' }).click();
    await page.getByRole('heading', { name: 'New workflow', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E fulfilment');
    await expect(page.getByRole('textbox', { name: 'Key', exact: true }).inputValue()).resolves.toBe(
      'fulfilment-copy',
    );

    // A new status takes its key from its name; nothing leads to it yet.
    await page.getByRole('button', { name: 'Add status' }).click();
    const status = page.getByRole('group', { name: /^Status 8:/ });
    await status.getByRole('textbox', { name: 'Status name' }).fill('On hold');
    await expect(status.getByRole('textbox', { name: 'Status key' }).inputValue()).resolves.toBe('on_hold');
    await page.getByText('Status On hold: no transition leads here from the initial status').waitFor();

    // Saved as it is, the server refuses and names the status.
    await page.getByRole('button', { name: 'Save workflow' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields' }).waitFor();
    await status.getByText(/on_hold cannot be reached/).waitFor();

    // The transition that leads there: from "Need further support" to "On hold", by agents.
    await page.getByRole('button', { name: 'Add transition' }).click();
    // The last transition group (its name follows its label as it is typed).
    const transition = page.getByRole('group', { name: /^Transition \d+:/ }).last();
    await transition.getByRole('textbox', { name: 'Transition label' }).fill('Put on hold');
    await expect(transition.getByRole('textbox', { name: 'Transition name' }).inputValue()).resolves.toBe(
      'put_on_hold',
    );
    await transition.getByRole('combobox', { name: /^From/ }).click({ force: true });
    await page.getByRole('option', { name: 'Need further support (need_further_support)' }).click();
    await page.keyboard.press('Escape');
    await transition.getByRole('combobox', { name: /^To/ }).click({ force: true });
    await page.getByRole('option', { name: 'On hold (on_hold)' }).click();
    await page.getByText('Status On hold: no transition leads here').waitFor({ state: 'detached' });
    // The preview draws the new status.
    await page.getByRole('img').filter({ hasText: 'On hold' }).waitFor();

    await page.getByRole('button', { name: 'Save workflow' }).click();
    await page.waitForURL('**/admin/workflows/fulfilment-copy');
    await page.getByRole('heading', { name: 'E2E fulfilment', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Edit workflow' }).waitFor();

    const api = await apiAs('admin@opsdesk.local');
    const copy = await api<{ statuses: { key: string }[]; transitions: { name: string; to: string }[] }>(
      'GET',
      '/workflows/fulfilment-copy',
    );
    expect(copy.statuses.map((s) => s.key)).toContain('on_hold');
    expect(copy.transitions).toContainEqual(expect.objectContaining({ name: 'put_on_hold', to: 'on_hold' }));
    const original = await api<{ statuses: unknown[] }>('GET', '/workflows/fulfilment');
    expect(original.statuses).toHaveLength(7);
    await context.close();
  });
});
