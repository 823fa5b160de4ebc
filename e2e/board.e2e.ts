// The board moves work: an agent drags a failed request onto a column no transition leads to and is
// told why it stays; dragged onto "Waiting for customer" it is resolved by hand. Swimlanes and
// work-in-progress limits are shown, and seven columns fit 1280 px without scrolling sideways.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, failedStartRequest, launch, screenshot, signIn, until } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Ticket {
  key: string;
  status: string;
}

describe('the board', () => {
  it('fires a transition by drag and drop and refuses a drop no transition allows, saying why', async () => {
    const filed = await failedStartRequest('e2eboard');
    const dev = await apiAs('dev@opsdesk.local');

    const { context, page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto(`/agent?view=board&status=all&q=${filed.key}`);
    const card = page.locator(`[data-card="${filed.key}"]`);
    await card.waitFor();
    // Seven columns share 1280 px: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // No transition leads back to approval: the card stays and the reason is given.
    await card.dragTo(page.locator('[data-column="waiting_for_approval"]'));
    const refusal = page.getByRole('alert').filter({ hasText: 'Not moved' });
    await refusal
      .getByText(
        `${filed.key} cannot move from Need further support to Waiting for approval: no transition you may fire leads there.`,
      )
      .waitFor();
    await refusal.getByText('Resolve by hand → Waiting for customer').waitFor();
    expect((await dev<Ticket>('GET', `/tickets/${filed.key}`)).status).toBe('need_further_support');

    // Onto "Waiting for customer": "Resolve by hand" is fired.
    await card.dragTo(page.locator('[data-column="waiting_for_customer"]'));
    await until(
      async () => (await dev<Ticket>('GET', `/tickets/${filed.key}`)).status === 'waiting_for_customer',
    );
    await page
      .locator('[data-column="waiting_for_customer"]')
      .locator(`[data-card="${filed.key}"]`)
      .waitFor();
    expect((await dev<Ticket>('GET', `/tickets/${filed.key}`)).status).toBe('waiting_for_customer');

    // Swimlanes by priority, and a work-in-progress limit of 0 … 1 shown as exceeded past it.
    await page.getByText('By priority').click();
    await page
      .getByRole('region', { name: /^Swimlane / })
      .first()
      .waitFor();
    await page
      .getByRole('button', { name: /^Waiting for customer: 1 ticket, no work-in-progress limit/ })
      .click();
    await page.getByRole('textbox', { name: 'Work-in-progress limit of Waiting for customer' }).fill('1');
    await page.keyboard.press('Escape');
    await page
      .getByRole('button', { name: /^Waiting for customer: 1 ticket, limit 1\. Set the limit/ })
      .waitFor();
    await screenshot(page, 'agent-board-desktop');
    await context.close();
  });
});
