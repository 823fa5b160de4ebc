// Issue 21, items 5, 9 and 11 in the browser: a requester files a request with a screenshot and
// the agent downloads it; an admin edits a notification template and sees the preview follow;
// the notification list marks read; the audit log finds the template change.
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

const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

describe('attachments', () => {
  it('are filed with a request by the requester (or nothing is) and downloaded by the agent', async () => {
    const dev = await signIn(browser, 'dev@opsdesk.local');
    await dev.page.goto('/portal/catalog/start-request-only-staging');
    await dev.page.getByLabel('Staging environment').selectOption('bugfix1x2');
    // A file the server refuses: the files go first, so nothing is filed and the form says why.
    const mine = await apiAs('dev@opsdesk.local');
    const before = (await mine<{ items: unknown[] }>('GET', '/tickets?requester=me&status=&limit=100')).items
      .length;
    await dev.page
      .locator('input[type="file"]')
      .setInputFiles([
        { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>1</script></html>') },
      ]);
    await dev.page.getByRole('button', { name: 'Submit request' }).click();
    await dev.page.getByText('The files could not be uploaded, so nothing was filed').waitFor();
    expect(new URL(dev.page.url()).pathname).toBe('/portal/catalog/start-request-only-staging');
    expect(
      (await mine<{ items: unknown[] }>('GET', '/tickets?requester=me&status=&limit=100')).items.length,
    ).toBe(before);
    await dev.page.locator('input[type="file"]').setInputFiles([
      { name: 'error-screen.png', mimeType: 'image/png', buffer: png },
      { name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. open the page\n2. it fails\n') },
    ]);
    await dev.page.getByRole('button', { name: 'Submit request' }).click();
    await dev.page.waitForURL('**/tickets/REQ-*');
    const key = /tickets\/(REQ-\d+)/.exec(dev.page.url())![1]!;
    await dev.page.getByRole('img', { name: 'Preview of error-screen.png' }).waitFor();
    await dev.context.close();

    const infra = await signIn(browser, 'infra@opsdesk.local');
    await infra.page.goto(`/tickets/${key}`);
    const attachments = infra.page.getByRole('region', { name: 'Attachments' });
    const [download] = await Promise.all([
      infra.page.waitForEvent('download'),
      attachments.getByRole('link', { name: 'steps.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('steps.txt');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path!, 'utf8')).toBe('1. open the page\n2. it fails\n');
    await infra.context.close();
  });
});

describe('notification settings and list', () => {
  it('lets an admin edit a template with a live preview, and the audit log find the change', async () => {
    const { context, page } = await signIn(browser, 'admin@opsdesk.local');
    await page.goto('/admin/notifications?event=request.filed');
    const subject = page.getByRole('textbox', { name: 'Subject' });
    await subject.waitFor();
    await subject.fill('E2E filed: {{ ticket.key }}');
    await expect
      .poll(() => page.getByTestId('preview-subject').textContent(), { timeout: 15_000 })
      .toMatch(/^E2E filed: [A-Z]+-\d+$/);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();

    await page.goto('/admin/audit');
    await page.getByRole('textbox', { name: 'Contains' }).fill('E2E filed');
    await page.getByRole('button', { name: 'Search' }).click();
    const entry = page.getByRole('listitem', { name: /Audit entry/ }).first();
    await entry.getByText('admin@opsdesk.local', { exact: false }).waitFor();
    await entry.getByRole('button', { name: 'Show details' }).click();
    await entry.getByText('E2E filed: {{ ticket.key }}', { exact: false }).first().waitFor();
    await context.close();
  });

  it('lists the notifications of a person and marks them read', async () => {
    const { context, page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const status = page.getByRole('status').filter({ hasText: /unread|Nothing unread/ });
    await status.waitFor();
    if ((await status.textContent())?.includes('Nothing unread')) {
      await context.close();
      return;
    }
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('Nothing unread.').waitFor();
    expect(await page.getByRole('button', { name: /^Mark read:/ }).count()).toBe(0);
    await context.close();
  });
});
