// A request fulfilled by a real local Ansible playbook (ansible-playbook from Debian's
// ansible-core, installed by .ci/run): the request's fields arrive as extra vars, output lines
// stream to the run, the exit status decides, and outputs feed the result template.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { fileAndApprove, inDays, waitForStatus } from '../../testing/tickets.js';

const fixtures = join(import.meta.dirname, '..', '..', 'providers', 'executors', 'ansible', 'fixtures');
let t: TestApp;
let admin: string;
let dev: string;
let lead: string;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { OPSDESK_RETRY_BASE_MS: '10' } });
  [admin, dev, lead] = await Promise.all(
    ['admin', 'dev', 'lead'].map((name) => t.login(`${name}@opsdesk.local`)),
  );
});
afterAll(() => t.close());

async function requestType(key: string, playbook: string, extra: Record<string, unknown>) {
  const connection = await t.api('POST', '/api/v1/connections', {
    token: admin,
    body: {
      name: `ansible-${key}`,
      kind: 'ansible',
      config: { playbook: join(fixtures, playbook), timeoutSeconds: 120 },
    },
  });
  expect(connection.status).toBe(201);
  const type = await t.api('POST', '/api/v1/catalog/request-types', {
    token: admin,
    body: {
      key,
      category: 'staging-servers',
      name: `Ansible: ${key}`,
      team: 'infrastructure',
      approval: { kind: 'manager', fallbackTeam: 'infrastructure' },
      fields: [
        {
          key: 'environment',
          label: 'Staging environment',
          type: 'environment',
          rules: { environment: { mustExist: true } },
        },
        { key: 'newName', label: 'New name', type: 'text' },
        { key: 'endDate', label: 'End date', type: 'date', rules: { futureDate: true } },
      ],
      fulfilment: {
        executor: 'external',
        connection: `ansible-${key}`,
        environmentField: 'environment',
        params: Object.fromEntries(
          Object.entries(extra).map(([name, value]) => [name, { value: value as string }]),
        ),
        resultTemplate: '{{ fields.newName }} is ready at {{ outputs.url }}.',
      },
    },
  });
  expect(type.status).toBe(201);
}

it('runs the playbook with the request as extra vars and reports its outputs', async () => {
  const target = join(mkdtempSync(join(tmpdir(), 'opsdesk-ansible-')), 'recreated.txt');
  await requestType('ansible-recreate', 'write-file.yml', { target_file: target, note: 'hello' });
  const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'ansible-recreate', {
    environment: 'promo-2x',
    newName: 'promo-9x',
    endDate: inDays(7),
  });
  const ticket = await waitForStatus(t, dev, key, 'waiting_for_customer', 90_000);
  expect(ticket.comments.at(-1).body).toBe('promo-9x is ready at https://promo-9x.staging.example.');
  expect(readFileSync(target, 'utf8')).toContain(
    `ticket=${key}\nenvironment=promo-2x\nnew_name=promo-9x\nrequester=dev@opsdesk.local`,
  );
  const runs = await t.api('GET', `/api/v1/tickets/${key}/runs`, { token: admin });
  expect(runs.body[0].output.some((line: any) => line.line.startsWith('PLAY RECAP'))).toBe(true);
});

it('a failing playbook sends the request to need further support with its message', async () => {
  await requestType('ansible-fails', 'fail.yml', {});
  const { key } = await fileAndApprove(t, { requester: dev, approver: lead }, 'ansible-fails', {
    environment: 'promo-2x',
    newName: 'promo-8x',
    endDate: inDays(7),
  });
  const ticket = await waitForStatus(t, dev, key, 'need_further_support', 90_000);
  expect(ticket.runs[0]).toMatchObject({ status: 'failed' });
  expect(ticket.comments.at(-1).body).toMatch(/^The automation could not complete this request: /);
});
