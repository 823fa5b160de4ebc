// An agent opens a CI and sees its relationships and its impact (graph and list), following the
// seed-002 model: a router at a site, a VPN service depending on it, an application on the VPN;
// the staging environments are listed as CIs; a service followed in the catalogue shows in My services.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, screenshot, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('cmdb', () => {
  it('shows a CI with its relationships and what its failure reaches', async () => {
    const call = await apiAs('lead@opsdesk.local');
    const tag = Date.now().toString(36);
    type Ci = { id: string };
    const router = await call<Ci>('POST', '/cis', { class: 'network_device', name: `rtr-e2e-${tag}` });
    const vpn = await call<Ci>('POST', '/cis', { class: 'service', name: `VPN e2e ${tag}` });
    const finance = await call<Ci>('POST', '/cis', { class: 'application', name: `Finance e2e ${tag}` });
    await call('POST', `/cis/${vpn.id}/relations`, { type: 'depends_on', target: router.id });
    await call('POST', `/cis/${finance.id}/relations`, { type: 'depends_on', target: vpn.id });

    const { context, page } = await signIn(browser, 'lead@opsdesk.local');
    await page.goto(`/cmdb?q=rtr-e2e-${tag}`);
    await page.getByRole('link', { name: `rtr-e2e-${tag}` }).click();
    await page.getByRole('heading', { name: `rtr-e2e-${tag}` }).waitFor();

    const relations = page.getByRole('table').filter({ hasText: 'is depended on by' });
    await relations.getByRole('link', { name: `VPN e2e ${tag}` }).waitFor();
    await page.getByRole('img', { name: `What a failure of rtr-e2e-${tag} reaches` }).waitFor();
    const impact = page.getByRole('row').filter({ hasText: `Finance e2e ${tag}` });
    await impact.first().waitFor();
    expect(await impact.first().textContent()).toContain(
      `rtr-e2e-${tag} → VPN e2e ${tag} → Finance e2e ${tag}`,
    );
    await screenshot(page, 'cmdb-ci-page');

    // The demo's staging environments are CIs too, listed by class.
    await page.goto('/cmdb?class=staging_environment');
    await page.getByRole('link', { name: 'staging-main', exact: true }).waitFor();
    await screenshot(page, 'cmdb-list');
    await page.goto('/services');
    await page.getByRole('button', { name: `Follow VPN e2e ${tag}` }).click();
    await page.goto('/portal/services');
    await page.getByRole('heading', { name: `VPN e2e ${tag}` }).waitFor();
    await screenshot(page, 'cmdb-my-services');
    await context.close();
  });
});
