// Accessibility of the main pages, checked by axe-core (WCAG 2.0/2.1 A and AA rules: colour
// contrast, names of controls, labels, landmarks, headings …) at desktop and phone widths, and
// keyboard use: the portal can be used with Tab and Enter alone, with a visible focus ring.
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, demoPassword, desktop, launch, phone } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

async function violations(page: Page): Promise<Violation[]> {
  // Evaluated over the DevTools protocol, which the page's CSP does not restrict.
  await page.evaluate(axe.source);
  const result = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  })`)) as { violations: Violation[] };
  return result.violations;
}

const describeViolations = (list: Violation[]) =>
  list.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => `${n.html.slice(0, 160)} [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}]`)
        .join(' | ')}`,
  );

async function signedIn(email: string, viewport = desktop) {
  const context = await browser.newContext({ viewport, baseURL: baseUrl() });
  const login = await context.request.post('/api/v1/auth/login', {
    data: { email, password: demoPassword() },
    headers: { origin: baseUrl() },
  });
  expect(login.ok()).toBe(true);
  return { context, page: await context.newPage() };
}

const pages: { who: string; path: string; ready: string }[] = [
  {
    who: 'dev@opsdesk.local',
    path: '/portal',
    ready: 'a[href="/portal/catalog/start-request-only-staging"]',
  },
  { who: 'dev@opsdesk.local', path: '/portal/catalog/create-staging-domain', ready: 'button[type="submit"]' },
  { who: 'dev@opsdesk.local', path: '/portal/requests', ready: 'h1' },
  { who: 'lead@opsdesk.local', path: '/approvals', ready: 'h1' },
  { who: 'infra@opsdesk.local', path: '/agent', ready: 'table, [role="status"]' },
  { who: 'lead@opsdesk.local', path: '/dashboards?from=2023-09-13&to=2023-10-20', ready: 'svg' },
  { who: 'admin@opsdesk.local', path: '/admin/request-types/create-staging-domain', ready: 'h1' },
  { who: 'admin@opsdesk.local', path: '/admin/sla', ready: 'h1' },
  { who: 'dev@opsdesk.local', path: '/account', ready: 'h1' },
];

// The workflow editor and the board (their own test: each run stays within its time).
const editorPages: { who: string; path: string; ready: string }[] = [
  { who: 'admin@opsdesk.local', path: '/admin/workflows/new?from=fulfilment', ready: 'form h1' },
  {
    who: 'infra@opsdesk.local',
    path: '/agent?view=board&status=all',
    ready: '[data-board], [role="status"]',
  },
];

// Event management's pages, on the demo's alerts (their own test: each run stays within its time).
const eventPages: { who: string; path: string; ready: string }[] = [
  { who: 'infra@opsdesk.local', path: '/events', ready: 'table[aria-label="Alerts"] tbody tr' },
  {
    who: 'admin@opsdesk.local',
    path: '/events/integrations',
    ready: 'table[aria-label="Integrations"] tbody tr',
  },
  { who: 'admin@opsdesk.local', path: '/events/rules', ready: 'table[aria-label="Unbound alerts"] tbody tr' },
  { who: 'admin@opsdesk.local', path: '/events/silences', ready: 'form[aria-label="New silence"]' },
];

// Issue 21's notification, audit and environment pages, in a test of their own (the list above already takes
// most of a test's time on a busy machine).
const settingsPages: { who: string; path: string; ready: string }[] = [
  { who: 'dev@opsdesk.local', path: '/notifications', ready: 'h1' },
  { who: 'admin@opsdesk.local', path: '/admin/notifications', ready: 'nav[aria-label="Templates"] button' },
  { who: 'admin@opsdesk.local', path: '/admin/notifications?tab=rules', ready: 'input[type="checkbox"]' },
  { who: 'admin@opsdesk.local', path: '/admin/notifications?tab=email', ready: 'form' },
  { who: 'admin@opsdesk.local', path: '/admin/audit', ready: 'li' },
  // An environment's drawer with its tickets, and the workspace filtered to it.
  {
    who: 'admin@opsdesk.local',
    path: '/admin/environments?env=bugfix1x2',
    ready: '#environment-tickets-heading',
  },
  {
    who: 'infra@opsdesk.local',
    path: '/agent?environment=bugfix1x2&status=all',
    ready: 'table, [role="status"]',
  },
];

describe('accessibility', () => {
  for (const [width, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    for (const [what, list] of [
      ['main pages', pages],
      ['event pages', eventPages],
      ['notification and audit pages', settingsPages],
      ['workflow editor and board', editorPages],
    ] as const)
      it(`finds no WCAG A/AA violation on the ${what} (${width})`, async () => {
        const found: string[] = [];
        for (const entry of list) {
          const { context, page } = await signedIn(entry.who, viewport);
          await page.goto(entry.path);
          await page.locator(entry.ready).first().waitFor();
          await page.waitForLoadState('networkidle');
          found.push(...describeViolations(await violations(page)).map((line) => `${entry.path}: ${line}`));
          await context.close();
        }
        expect(found).toEqual([]);
      });
  }

  it('names the two navigations apart, and a drawer’s close button (axe clean with the drawer open)', async () => {
    const { context, page } = await signedIn('admin@opsdesk.local');
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    const navNames = await page
      .locator('nav')
      .evaluateAll((navs) => navs.map((nav) => nav.getAttribute('aria-label')));
    expect(navNames.length).toBeGreaterThanOrEqual(2);
    expect(new Set(navNames).size).toBe(navNames.length);
    const close = drawer.getByRole('button', { name: /^Close/ });
    await expect(close.isVisible()).resolves.toBe(true);
    expect(describeViolations(await violations(page))).toEqual([]);
    await close.click();
    await drawer.waitFor({ state: 'detached' });
    await context.close();
  });

  it('lets a requester reach and open a request type with the keyboard, focus visible', async () => {
    const { context, page } = await signedIn('dev@opsdesk.local');
    await page.goto('/portal');
    await page.locator('a[href="/portal/catalog/start-request-only-staging"]').first().waitFor();
    let reached = false;
    for (let press = 0; press < 40 && !reached; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('href') === '/portal/catalog/start-request-only-staging',
      );
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/portal/catalog/start-request-only-staging');
    await context.close();
  });
});
