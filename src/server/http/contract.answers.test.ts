// What the web app does in development, against the real server: every answer, as JSON, is what
// its schema in src/shared/api describes (dates as ISO strings decode; nothing missing or extra
// that the schema refuses). The server's serialiser checks its side; this checks the browser's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { approvalListOut } from '../../shared/api/approvals.js';
import { baselineListOut, baselineModelOut } from '../../shared/api/baseline.js';
import { adminCatalogOut, catalogOut, requestTypeAdmin, requestTypeOut } from '../../shared/api/catalog.js';
import { deliveryListOut as webhookDeliveryListOut } from '../../shared/api/fulfilment.js';
import { meOut, teamListOut, tokenListOut, userListOut } from '../../shared/api/identity.js';
import { initiativeListOut } from '../../shared/api/improvement.js';
import { communicationListOut, mailingListListOut } from '../../shared/api/incident-communications.js';
import {
  connectionKindListOut,
  connectionListOut,
  environmentListOut,
  environmentOut,
} from '../../shared/api/inventory.js';
import {
  chatWebhookListOut,
  deliveryListOut,
  deliveryPageOut,
  emailSettingsOut,
  eventRulesListOut,
  followingOut,
  inboxOut,
  preferencesOut,
  savedSearchListOut,
  subscriberListOut,
  templateListOut,
  templateOut,
  unreadCountOut,
} from '../../shared/api/notifications.js';
import {
  comparisonOut,
  createdResolvedOut,
  needFurtherSupportOut,
  resolutionTimeOut,
  slaReportOut,
} from '../../shared/api/reports.js';
import { calendarListOut, policyListOut, ticketSlaOut } from '../../shared/api/sla.js';
import { ticketOut, ticketPageOut, ticketRunsOut } from '../../shared/api/tickets.js';
import { workflowDefinitionSchema, workflowListOut } from '../../shared/api/workflow.js';
import { startTestApp, type TestApp } from '../testing/harness.js';
import { fileAndApprove, waitForStatus } from '../testing/tickets.js';

let t: TestApp;
let dev: string;
let lead: string;
let admin: string;
let key: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  [dev, lead, admin] = await Promise.all(
    ['dev', 'lead', 'admin'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
  ({ key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'start-request-only-staging', {
    environment: 'bugfix1x2',
  }));
  await waitForStatus(t, dev, key, 'waiting_for_customer');
});
afterAll(() => t?.close());

async function expectDecodes(token: string, path: string, schema: z.ZodType) {
  const response = await t.api('GET', path, { token });
  expect(response.status, path).toBe(200);
  const result = schema.safeParse(response.body);
  expect(result.success ? [] : result.error.issues, path).toEqual([]);
}

describe('answers as the browser reads them', () => {
  it('the requester’s pages', async () => {
    await expectDecodes(dev, '/api/v1/me', meOut);
    await expectDecodes(dev, '/api/v1/catalog', catalogOut);
    await expectDecodes(dev, '/api/v1/catalog/request-types/start-request-only-staging', requestTypeOut);
    await expectDecodes(dev, '/api/v1/tickets?requester=me', ticketPageOut);
    await expectDecodes(dev, `/api/v1/tickets/${key}`, ticketOut);
    await expectDecodes(dev, `/api/v1/tickets/${key}/sla`, ticketSlaOut);
    await expectDecodes(dev, `/api/v1/tickets/${key}/runs`, ticketRunsOut);
    await expectDecodes(dev, `/api/v1/tickets/${key}/subscription`, followingOut);
    await expectDecodes(dev, '/api/v1/environments', environmentListOut);
    await expectDecodes(dev, '/api/v1/notifications', inboxOut);
    await expectDecodes(dev, '/api/v1/notifications/unread-count', unreadCountOut);
    await expectDecodes(dev, '/api/v1/notifications/preferences', preferencesOut);
    await expectDecodes(dev, '/api/v1/me/tokens', tokenListOut);
  });

  it('the approver’s and the agent’s pages', async () => {
    await expectDecodes(lead, '/api/v1/approvals?state=decided', approvalListOut);
    await expectDecodes(lead, '/api/v1/teams', teamListOut);
    await expectDecodes(lead, '/api/v1/notifications/saved-searches', savedSearchListOut);
    await expectDecodes(lead, `/api/v1/tickets/${key}/subscribers`, subscriberListOut);
    await expectDecodes(lead, `/api/v1/tickets/${key}/deliveries`, deliveryListOut);
    await expectDecodes(lead, '/api/v1/incident-communications', communicationListOut);
    await expectDecodes(lead, '/api/v1/mailing-lists', mailingListListOut);
  });

  it('the admin pages', async () => {
    await expectDecodes(admin, '/api/v1/catalog?includeInactive=true', adminCatalogOut);
    await expectDecodes(admin, '/api/v1/catalog/request-types/start-request-only-staging', requestTypeAdmin);
    await expectDecodes(admin, '/api/v1/workflows', workflowListOut);
    await expectDecodes(admin, '/api/v1/workflows/fulfilment', workflowDefinitionSchema);
    await expectDecodes(admin, '/api/v1/users', userListOut);
    await expectDecodes(admin, '/api/v1/environments/bugfix1x2', environmentOut);
    await expectDecodes(admin, '/api/v1/connections', connectionListOut);
    await expectDecodes(admin, '/api/v1/connections/kinds', connectionKindListOut);
    await expectDecodes(admin, '/api/v1/fulfilment/deliveries', webhookDeliveryListOut);
    await expectDecodes(admin, '/api/v1/sla/policies', policyListOut);
    await expectDecodes(admin, '/api/v1/sla/calendars', calendarListOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/email', emailSettingsOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/chat-webhooks', chatWebhookListOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/rules', eventRulesListOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/deliveries', deliveryPageOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/templates', templateListOut);
    await expectDecodes(admin, '/api/v1/admin/notifications/templates/request.filed', templateOut);
    await expectDecodes(admin, '/api/v1/improvements', initiativeListOut);
    await expectDecodes(admin, '/api/v1/baselines', baselineListOut);
    await expectDecodes(admin, '/api/v1/baseline-model', baselineModelOut);
  });

  it('the dashboards', async () => {
    await expectDecodes(admin, '/api/v1/reports/resolution-time', resolutionTimeOut);
    await expectDecodes(admin, '/api/v1/reports/need-further-support', needFurtherSupportOut);
    await expectDecodes(admin, '/api/v1/reports/sla', slaReportOut);
    await expectDecodes(admin, '/api/v1/reports/created-resolved?bucket=week', createdResolvedOut);
    await expectDecodes(admin, '/api/v1/reports/comparison', comparisonOut);
  });
});
