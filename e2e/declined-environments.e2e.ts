// Issue 21's last polish, as people meet it: a requester whose request was declined reads
// "Declined" and the approver's reason (not "Cancelled"), and an environment's page lists the
// requests filed for it, with a way to all of them in the workspace.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, signIn, until } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a declined request', () => {
  it('reads "Declined" with the approver’s reason for the requester, not "Cancelled"', async () => {
    const dev = await apiAs('dev@opsdesk.local');
    const lead = await apiAs('lead@opsdesk.local');
    const filed = await dev<{ key: string }>('POST', '/requests', {
      requestType: 'start-request-only-staging',
      fields: { environment: 'bugfix1x2' },
    });
    await until(
      async () =>
        (await dev<{ status: string }>('GET', `/tickets/${filed.key}`)).status === 'waiting_for_approval',
    );
    await lead('POST', `/tickets/${filed.key}/decline`, { comment: 'Use the shared staging this week' });

    const requester = await signIn(browser, 'dev@opsdesk.local');
    await requester.page.goto('/portal/requests?status=closed');
    const row = requester.page.getByRole('listitem').filter({ hasText: filed.key });
    await row.locator('[data-outcome="declined"]').waitFor();
    expect(await row.locator('.mantine-Badge-root').first().innerText()).toMatch(/^declined$/i);
    expect(await row.innerText()).toContain('Declined: Use the shared staging this week');
    expect(await row.innerText()).not.toMatch(/cancelled/i);

    await requester.page.goto(`/tickets/${filed.key}`);
    await requester.page.getByTestId('ticket-outcome').waitFor();
    expect(await requester.page.getByTestId('ticket-outcome').innerText()).toBe(
      'Declined: Use the shared staging this week',
    );
    expect(await requester.page.locator('main [data-status="cancelled"]').first().innerText()).toMatch(
      /^declined$/i,
    );
    await requester.context.close();
  });
});

describe("an environment's page", () => {
  it('lists the requests filed for it, newest first, and links to all of them in the workspace', async () => {
    const admin = await apiAs('admin@opsdesk.local');
    const dev = await apiAs('dev@opsdesk.local');
    const name = `envpage-${Date.now().toString(36)}`;
    await admin('POST', '/environments', { name, provider: 'sandbox', state: 'stopped', requestOnly: true });
    const keys: string[] = [];
    for (let index = 0; index < 11; index++) {
      const filed = await dev<{ key: string }>('POST', '/requests', {
        requestType: 'start-request-only-staging',
        fields: { environment: name },
      });
      keys.push(filed.key);
    }

    const person = await signIn(browser, 'admin@opsdesk.local');
    await person.page.goto(`/admin/environments?env=${name}`);
    const list = person.page.getByRole('list', { name: `Tickets of ${name}` });
    await list.getByRole('link', { name: keys[10] }).waitFor();
    // The latest ten, newest first; the eleventh behind "See all".
    const shown = await list.getByRole('link').allInnerTexts();
    expect(shown).toEqual(keys.slice(1).reverse());
    await person.page.getByRole('link', { name: `See all tickets of ${name}` }).click();
    await person.page.waitForURL(
      (url) => url.pathname === '/agent' && url.searchParams.get('environment') === name,
    );
    await person.page.getByRole('link', { name: keys[0], exact: true }).waitFor();
    for (const key of keys)
      expect(await person.page.getByRole('link', { name: key, exact: true }).count()).toBe(1);
    await person.page.getByRole('button', { name: `Environment: ${name} (remove this filter)` }).waitFor();
    await person.context.close();
  });
});
