// Incidents in the browser, on the demo data (an open major VPN incident reaching Finance, which
// Dewi follows): Dewi reports "I cannot access the finance application" in the portal, is offered
// the VPN incident and follows it; the commander posts an update from the incident's page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launch, screenshot, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('incidents', () => {
  it('a user reporting a symptom is offered the open incident and follows it', async () => {
    const { context, page } = await signIn(browser, 'dev@opsdesk.local');
    await page.goto('/portal/report');
    await page.getByRole('heading', { name: 'Your services' }).waitFor();
    await page.getByLabel('What is not working?').fill('I cannot access the finance application');
    const offer = page.getByRole('region', { name: 'Is it this?' });
    await offer.getByText('VPN connections drop in Jakarta').waitFor();
    await screenshot(page, 'incident-report-suggestion');
    await offer.getByRole('button', { name: 'Follow it' }).first().click();
    await page.getByText(/^You follow INC-\d+$/).waitFor();
    await page.getByRole('link', { name: /^See INC-\d+$/ }).click();
    await page.getByRole('heading', { name: /VPN connections drop in Jakarta/ }).waitFor();
    await context.close();
  });

  it('the commander posts an update to stakeholders from the major incident view', async () => {
    const { context, page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto('/incidents');
    await page
      .getByRole('link', { name: /^INC-\d+$/ })
      .first()
      .waitFor();
    await page
      .getByRole('row', { name: /VPN connections drop in Jakarta/ })
      .getByRole('link')
      .click();
    await page.getByText('Major incident', { exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'Roles' })
      .getByText(/Indra Infra/)
      .waitFor();
    const update = 'Root cause found: a failing line card in rtr-jkt-01. Replacement under way.';
    await page.getByRole('textbox', { name: 'Update', exact: true }).fill(update);
    await page.getByRole('button', { name: 'Send update' }).click();
    await page.getByRole('region', { name: 'Incident timeline' }).getByText(update).waitFor();
    await screenshot(page, 'incident-major-view');
    await context.close();
  });

  it('recurring incidents are proposed as a problem an agent opens from the proposal', async () => {
    const { context, page } = await signIn(browser, 'infra@opsdesk.local');
    await page.goto('/incidents');
    await page.getByRole('heading', { name: 'Open incidents by service' }).waitFor();
    await screenshot(page, 'incident-list');
    await page.goto('/problems');
    await page.getByRole('button', { name: 'Look now' }).click();
    const proposals = page.getByRole('region', { name: 'Proposed from recurring incidents' });
    await proposals.getByText(/Recurring incidents on db-pay-01/).waitFor();
    await screenshot(page, 'problem-proposals');
    await proposals.getByRole('button', { name: 'Open problem' }).first().click();
    await page.getByRole('heading', { name: /^PRB-\d+ · Recurring incidents on db-pay-01/ }).waitFor();
    await page.getByRole('heading', { name: 'Incidents it causes (3)' }).waitFor();
    await page
      .getByRole('textbox', { name: 'Workaround', exact: true })
      .fill('Restart the payments API to free connections.');
    const saved = page.waitForResponse(
      (response) =>
        response.request().method() === 'PATCH' && /\/api\/v1\/problems\/PRB-/.test(response.url()),
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    if ((await saved).status() !== 200) throw new Error('the workaround was not saved');
    await screenshot(page, 'problem-page');
    await context.close();
  });
});
