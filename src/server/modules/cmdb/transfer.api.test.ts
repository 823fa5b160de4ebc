// Import and export through the API: CSV of a class and YAML of a subtree; idempotent; a dry run
// lists the changes and keeps nothing; an error names its row and field and keeps nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/harness.js';

let t: TestApp;
let infra: string;

beforeAll(async () => {
  t = await startTestApp();
  infra = await t.login('infra@opsdesk.local');
});
afterAll(() => t.close());

const importFile = (body: Record<string, unknown>) =>
  t.api('POST', '/api/v1/cmdb/import', { token: infra, body });
const servers = `name,status,tags,external_ids,region,state
db-host-1,active,prod;eu,vmware:vm-101,eu-west-1,running
db-host-2,maintenance,,,eu-west-1,stopped
`;

async function ci(classKey: string, name: string) {
  const list = await t.api('GET', `/api/v1/cis?class=${classKey}&q=${encodeURIComponent(name)}`, {
    token: infra,
  });
  return list.body.items.find((item: any) => item.name === name);
}

describe('CSV of a class', () => {
  it('a dry run lists what would change and keeps nothing', async () => {
    const dry = await importFile({ format: 'csv', class: 'server', content: servers, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 2, updated: 0 });
    expect(dry.body.changes.map((change: any) => [change.at, change.action, change.name])).toEqual([
      ['row 1', 'create', 'db-host-1'],
      ['row 2', 'create', 'db-host-2'],
    ]);
    expect(await ci('server', 'db-host-1')).toBeUndefined();
  });

  it('imports, and importing the same file again changes nothing', async () => {
    const first = await importFile({ format: 'csv', class: 'server', content: servers });
    expect(first.body).toMatchObject({ dryRun: false, created: 2 });
    const host = await ci('server', 'db-host-1');
    expect(host).toMatchObject({
      status: 'active',
      tags: ['prod', 'eu'],
      source: 'import',
      attributes: { region: 'eu-west-1', state: 'running' },
      externalIds: [{ source: 'vmware', externalId: 'vm-101' }],
    });
    const again = await importFile({ format: 'csv', class: 'server', content: servers });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    // Matched by external id even when renamed; the dry run names the changed fields.
    const renamed = servers.replace('db-host-1,active', 'db-host-1a,active').replace('running', 'stopped');
    const preview = await importFile({ format: 'csv', class: 'server', content: renamed, dryRun: true });
    expect(preview.body.changes[0]).toMatchObject({ action: 'update', fields: ['name', 'attributes.state'] });
  });

  it('exports the class in the import format, and that export imports as no change', async () => {
    const exported = await t.api('GET', '/api/v1/ci-classes/server/export', { token: infra });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(String(exported.body).split('\r\n')[0]).toBe(
      'name,status,team,tags,external_ids,provider,externalId,region,state,ip,os',
    );
    expect(exported.body).toContain('db-host-1,active,,prod;eu,vmware:vm-101,,,eu-west-1,running,,');
    const back = await importFile({ format: 'csv', class: 'server', content: exported.body });
    expect(back.body).toMatchObject({ created: 0, updated: 0 });
  });

  it('refuses the whole file when a row is wrong, naming the row and field', async () => {
    const bad = `name,state,criticality
db-host-9,running,
db-host-10,exploded,
`;
    const unknownColumn = await importFile({ format: 'csv', class: 'server', content: bad });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.error.details).toEqual([
      { field: 'column criticality', message: 'server has no attribute criticality.' },
    ]);

    const badValue = await importFile({
      format: 'csv',
      class: 'server',
      content: 'name,state\ndb-host-9,running\ndb-host-10,exploded\n',
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.details).toEqual([
      expect.objectContaining({ field: 'row 2.attributes.state' }),
    ]);
    expect(await ci('server', 'db-host-9')).toBeUndefined();

    const noClass = await importFile({ format: 'csv', content: servers });
    expect(noClass.status).toBe(400);
    expect(noClass.body.error.details[0].field).toBe('class');
  });
});

describe('YAML of a subtree', () => {
  const model = `cis:
  - class: network_device
    name: rtr-yaml-01
    attributes: { vendor: Cisco }
  - class: service
    name: VPN yaml
    attributes: { criticality: 2 }
  - class: application
    name: finance yaml
relations:
  - { source: service/VPN yaml, type: depends_on, target: network_device/rtr-yaml-01 }
  - { source: application/finance yaml, type: depends_on, target: service/VPN yaml }
`;

  it('imports CIs with their relations, idempotently, and exports the subtree back', async () => {
    const first = await importFile({ format: 'yaml', content: model });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ created: 3, relationsAdded: 2 });
    const again = await importFile({ format: 'yaml', content: model });
    expect(again.body).toMatchObject({ created: 0, updated: 0, relationsAdded: 0 });

    const finance = await ci('application', 'finance yaml');
    const exported = await t.api('GET', `/api/v1/cis/${finance.id}/export`, { token: infra });
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('name: rtr-yaml-01');
    expect(exported.body).toContain('source: service/VPN yaml');
    const back = await importFile({ format: 'yaml', content: exported.body, dryRun: true });
    expect(back.body).toMatchObject({ created: 0, updated: 0, relationsAdded: 0 });
  });

  it('names the item and field of every error and keeps nothing', async () => {
    const bad = `cis:
  - class: service
    name: half-written
  - class: service
    attributes: { criticality: 9 }
    name: too critical
  - class: nonsense
    name: x
relations:
  - { source: service/half-written, type: loves, target: service/too critical }
`;
    const response = await importFile({ format: 'yaml', content: bad });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((problem: any) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining(['cis[1].attributes.criticality', 'cis[2].class', 'relations[0].type']),
    );
    expect(await ci('service', 'half-written')).toBeUndefined();
  });
});
