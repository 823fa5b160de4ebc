// An agent finds tickets by a word of their description (full-text search, best match first),
// ticks them in the queue and assigns them all to themself in one bulk action.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, screenshot, signIn, until } from './browser.js';

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
  assignee: { email: string } | null;
}

describe('ticket search and bulk actions', () => {
  it('finds tickets by a word of their description and bulk-assigns them', async () => {
    const infra = await apiAs('infra@opsdesk.local');
    const [first, second] = [
      await infra<Ticket>('POST', '/incidents', {
        title: 'Shared drive unreachable',
        impact: 'low',
        urgency: 'low',
        description: 'Since this morning the kookaburra mount times out on every laptop',
      }),
      await infra<Ticket>('POST', '/incidents', {
        title: 'Backups late',
        impact: 'low',
        urgency: 'low',
        description: 'The kookaburra volume backup ran four hours late',
      }),
    ];

    const agent = await signIn(browser, 'infra@opsdesk.local');
    // New incidents are not in the queue's default "open" statuses (those of requests): every status.
    await agent.page.goto('/agent?status=all');
    await agent.page.getByRole('searchbox', { name: 'Search' }).fill('kookabur');
    const rowOf = (key: string) => agent.page.getByRole('link', { name: key, exact: true });
    // The unfiltered list already shows both: wait for the search (debounced) to leave only them.
    await until(async () => (await agent.page.locator('tbody tr').count()) === 2);
    await rowOf(first!.key).waitFor();
    await rowOf(second!.key).waitFor();
    expect(await agent.page.locator('tbody tr').count()).toBe(2);

    await agent.page.getByRole('checkbox', { name: `Select ${first!.key}` }).check();
    await agent.page.getByRole('checkbox', { name: `Select ${second!.key}` }).check();
    const bar = agent.page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    await screenshot(agent.page, 'agent-bulk-desktop');
    await bar.getByRole('button', { name: 'Assign to me' }).click();

    for (const ticket of [first!, second!]) {
      const assigned = await until(async () => {
        const now = await infra<Ticket>('GET', `/tickets/${ticket.key}`);
        return now.assignee?.email === 'infra@opsdesk.local' ? now : undefined;
      });
      expect(assigned.assignee?.email).toBe('infra@opsdesk.local');
    }
    await agent.context.close();
  });
});
