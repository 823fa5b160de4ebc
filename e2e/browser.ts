// Debian's Chromium driven by playwright-core, one browser per test file, one context per person.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');
export const demoPassword = () => inject('demoPassword');
export const desktop = { width: 1280, height: 800 };
export const phone = { width: 360, height: 740 };
const screenshots = join(new URL('.', import.meta.url).pathname, 'screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A signed-in person: a browser context with its own cookies, on the start page. */
export async function signIn(
  browser: Browser,
  email: string,
  viewport = desktop,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl() });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(demoPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** An API call as someone (bearer token), for setting up what a test is not about. */
export async function apiAs(email: string) {
  const login = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword() }),
  });
  if (!login.ok) throw new Error(`login of ${email} failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl()}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A request that failed: a sandbox environment whose start fails, a start request filed by dev and
 * approved by lead, waited for until the failure lands it in "Need further support".
 */
export async function failedStartRequest(environment: string): Promise<{ key: string }> {
  const admin = await apiAs('admin@opsdesk.local');
  const dev = await apiAs('dev@opsdesk.local');
  const lead = await apiAs('lead@opsdesk.local');
  await admin('POST', '/environments', {
    name: environment,
    provider: 'sandbox',
    state: 'stopped',
    requestOnly: true,
    faults: ['environment.start'],
  });
  const filed = await dev<{ key: string }>('POST', '/requests', {
    requestType: 'start-request-only-staging',
    fields: { environment },
  });
  const statusIs = (status: string) => async () =>
    (await dev<{ status: string }>('GET', `/tickets/${filed.key}`)).status === status;
  await until(statusIs('waiting_for_approval'));
  await lead('POST', `/tickets/${filed.key}/approve`, {});
  await until(statusIs('need_further_support'));
  return filed;
}
