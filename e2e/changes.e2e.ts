// A change manager finds a conflict on the change calendar and opens both changes: one on a
// database, the other on the application that depends on it, in overlapping windows.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, signIn } from './browser.js';

let browser: Browser;
/** The calendar renders after its query: on a loaded machine that takes longer than poll's default second. */
const patient = { timeout: 15_000 };
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the change calendar', () => {
  it('shows the conflict and leads to both changes', async () => {
    const infra = await apiAs('infra@opsdesk.local');
    const suffix = Date.now().toString(36);
    const db = await infra<{ id: string }>('POST', '/cis', { class: 'database', name: `e2e-db-${suffix}` });
    const app = await infra<{ id: string }>('POST', '/cis', {
      class: 'application',
      name: `e2e-app-${suffix}`,
    });
    await infra('POST', `/cis/${app.id}/relations`, { type: 'depends_on', target: db.id });
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const window = (offsetMinutes: number) => ({
      plannedStart: new Date(start.getTime() + offsetMinutes * 60_000).toISOString(),
      plannedEnd: new Date(start.getTime() + (offsetMinutes + 60) * 60_000).toISOString(),
    });
    const first = await infra<{ key: string }>('POST', '/changes', {
      type: 'normal',
      title: 'Upgrade the database',
      cis: [db.id],
      submit: true,
      ...window(0),
    });
    const second = await infra<{ key: string }>('POST', '/changes', {
      type: 'normal',
      title: 'Deploy the application',
      cis: [app.id],
      submit: true,
      ...window(30),
    });

    const { page } = await signIn(browser, 'lead@opsdesk.local');
    await page.goto(`/changes/calendar?month=${start.toISOString().slice(0, 7)}`);
    const conflicts = page.getByRole('region', { name: 'Conflicts this month' });
    await expect.poll(() => conflicts.getByText(second.key).count(), patient).toBeGreaterThan(0);
    await conflicts
      .getByRole('link', { name: `Open ${second.key}` })
      .first()
      .click();
    await page.waitForURL(`**/tickets/${second.key}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Conflicts' }).count(), patient).toBe(1);
    await page.getByRole('link', { name: `Open ${first.key}` }).click();
    await page.waitForURL(`**/tickets/${first.key}`);
    await expect.poll(() => page.getByText('Upgrade the database').count(), patient).toBeGreaterThan(0);

    // The week view of the same days shows both windows, the conflicting one marked, with its hours.
    await page.goto(`/changes/calendar?view=week&week=${start.toISOString().slice(0, 10)}`);
    const week = page.getByRole('table', { name: /Changes in the week of/ });
    await expect.poll(() => week.getByRole('link', { name: `⚠ ${second.key}` }).count(), patient).toBe(1);
    await expect.poll(() => week.getByText('10:30–11:30').count(), patient).toBe(1);
    await expect
      .poll(
        () => page.getByRole('region', { name: 'Conflicts this week' }).getByText(second.key).count(),
        patient,
      )
      .toBeGreaterThan(0);
  });
});
