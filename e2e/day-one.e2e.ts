// Issue 21's polish as a newcomer notices it: dates typed and shown in one format ("13 Sep 2023",
// not the browser's mm/dd/yyyy), and on a phone the queue and the environments list fit the
// screen with their badges whole (cards, or the columns that matter).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const iPhone = { width: 390, height: 844 };
const appDate = /^\d{1,2} [A-Z][a-z]{2} \d{4}$/;

/** Nothing scrolls sideways (page or scroll areas) and every badge lies within the screen. */
async function fitsTheScreen(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflowing = [
      document.documentElement,
      ...Array.from(document.querySelectorAll('.mantine-ScrollArea-viewport')),
    ]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map(
        (element) =>
          `${element.className || element.tagName} (${element.scrollWidth} > ${element.clientWidth})`,
      );
    const badges = Array.from(document.querySelectorAll('.mantine-Badge-root'))
      .map((badge) => ({ text: badge.textContent, box: badge.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0);
    const cut = badges.filter(({ box }) => box.left < 0 || box.right > width + 0.5).map(({ text }) => text);
    return { overflowing, badges: badges.length, cut };
  });
}

describe('dates in one format', () => {
  it('date filters show "13 Sep 2023", as the app shows dates, and a picked day too', async () => {
    const lead = await signIn(browser, 'lead@opsdesk.local');
    await lead.page.goto('/dashboards?from=2023-09-13&to=2023-10-20');
    const from = lead.page.getByRole('button', { name: 'From', exact: true });
    await expect.poll(() => from.innerText()).toBe('13 Sep 2023');
    expect(await lead.page.getByRole('button', { name: 'To', exact: true }).innerText()).toBe('20 Oct 2023');
    await lead.context.close();

    const admin = await signIn(browser, 'admin@opsdesk.local');
    await admin.page.goto('/admin/audit');
    const auditFrom = admin.page.getByRole('button', { name: 'From', exact: true });
    await auditFrom.click();
    await admin.page.locator('.mantine-DatePickerInput-day:not([data-outside])').nth(9).click();
    await expect.poll(() => auditFrom.innerText()).toMatch(appDate);
    expect(await admin.page.locator('input[type="date"]').count()).toBe(0);
    await admin.context.close();
  });
});

describe('the SLA calendar editor', () => {
  it('previews working time and the breach of a goal before saving', async () => {
    const admin = await signIn(browser, 'admin@opsdesk.local');
    await admin.page.goto('/admin/sla?tab=calendars&edit=new');
    const drawer = admin.page.getByRole('dialog');
    const pick = async (label: string, day: number) => {
      await drawer.getByRole('button', { name: label, exact: true }).click();
      await admin.page
        .locator('.mantine-DateTimePicker-day:not([data-outside])')
        .nth(day - 1)
        .click();
      const submit = admin.page.locator('.mantine-DateTimePicker-submitButton');
      await submit.click();
      // The closing dropdown stays in the page during its transition: wait until it is gone,
      // or the next picker's day and submit button are found twice.
      await submit.waitFor({ state: 'detached' });
    };
    await pick('Start', 7);
    await pick('End', 8);
    await drawer.getByRole('button', { name: 'Preview', exact: true }).click();
    await drawer.getByTestId('preview-breach').waitFor();
    expect(await drawer.getByTestId('preview-working').innerText()).toMatch(/^Working time between them: \d/);
    expect(await drawer.getByTestId('preview-breach').innerText()).toMatch(
      /^A 8 h goal started then breaches \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(UTC[+-]\d\d:\d\d/,
    );
    await admin.context.close();
  });
});

describe('on a phone (390 px)', () => {
  it('the queue is a list of cards: nothing scrolls sideways, badges whole', async () => {
    const infra = await signIn(browser, 'infra@opsdesk.local', iPhone);
    await infra.page.goto('/agent?status=all');
    await infra.page.locator('[data-queue-card]').first().waitFor();
    expect(await infra.page.locator('table').count()).toBe(0);
    const fit = await fitsTheScreen(infra.page);
    expect(fit.overflowing).toEqual([]);
    expect(fit.badges).toBeGreaterThan(0);
    expect(fit.cut).toEqual([]);
    await infra.context.close();
  });

  it('the environments list keeps name and state: nothing scrolls sideways, badges whole', async () => {
    const admin = await signIn(browser, 'admin@opsdesk.local', iPhone);
    await admin.page.goto('/admin/environments');
    await admin.page.locator('tbody tr').first().waitFor();
    expect(await admin.page.getByRole('columnheader', { name: 'State' }).isVisible()).toBe(true);
    expect(await admin.page.getByRole('columnheader', { name: 'Databases' }).isVisible()).toBe(false);
    const fit = await fitsTheScreen(admin.page);
    expect(fit.overflowing).toEqual([]);
    expect(fit.badges).toBeGreaterThan(0);
    expect(fit.cut).toEqual([]);
    await admin.context.close();
  });
});
