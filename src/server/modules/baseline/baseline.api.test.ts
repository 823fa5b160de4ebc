// Chat-export baselines through the API and the CLI, on the committed synthetic Infra-Support
// channel (1,183 messages, 219 true requests) and its ground truth.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/paths.js';
import { startTestApp, type TestApp } from '../../testing/harness.js';
import { currentModel } from './baseline.model.js';
import { createClassifier } from './classifier.js';
import type { ChannelTruth } from './fixtures/files.js';

const fixtures = join(packageRoot(), 'src/server/modules/baseline/fixtures');
const csvPath = join(fixtures, 'chat-export.csv');
const csv = readFileSync(csvPath, 'utf8');
const truth = JSON.parse(readFileSync(join(fixtures, 'chat-export.truth.json'), 'utf8')) as ChannelTruth;
const support = truth.supportTeam.names!.join(',');
const trueType = new Map(truth.requests.map((request) => [request.index, request.type]));

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@opsdesk.local');
});
afterAll(() => t.close());

const upload = (name: string, body: string, query = `support=${encodeURIComponent(support)}`) =>
  t.api('POST', `/api/v1/baselines?name=${encodeURIComponent(name)}&${query}`, {
    token: admin,
    body,
    headers: { 'content-type': 'text/csv' },
  });

describe('importing the chat export', () => {
  let requests: any[];

  it('stores a named baseline with its Table 2 and the recognised requests', async () => {
    const response = await upload('infra-support-2022-23', csv);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'infra-support-2022-23',
      source: 'chat_export',
      messageCount: 1183,
      periodFrom: '2022-12-01T04:57:51.549Z',
    });
    expect(response.body.table.map((row: any) => row.type)).toEqual([
      'start-request-only-staging',
      'recreate-staging',
      'copy-database-data',
      'create-staging-domain',
    ]);
    // Every recreate request is found, typed and paired as in the ground truth.
    const recreate = truth.table.find((row) => row.type === 'recreate-staging')!;
    expect(response.body.table[1]).toMatchObject({
      count: recreate.count,
      averageResolutionSeconds: recreate.averageResolutionSeconds,
      unanswered: recreate.unanswered,
      average: '36:48:30',
    });
    requests = (
      await t.api('GET', '/api/v1/baselines/infra-support-2022-23/requests?limit=1000', { token: admin })
    ).body;
    expect(requests.length).toBe(response.body.requests);
  });

  it('assigns at least 90 % of the true requests their right type', async () => {
    const right = requests.filter((request) => trueType.get(request.position) === request.type).length;
    expect(right / truth.requests.length).toBeGreaterThanOrEqual(0.9);
  });

  it('lets an admin mark a message as not a request: Table 2 is recomputed and the model learns it', async () => {
    const falsePositive = requests.find((request) => !trueType.has(request.position))!;
    const before = (await t.api('GET', '/api/v1/baselines/infra-support-2022-23', { token: admin })).body;
    const response = await t.api(
      'PATCH',
      `/api/v1/baselines/infra-support-2022-23/requests/${falsePositive.id}`,
      {
        token: admin,
        body: { type: null },
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.request).toMatchObject({
      type: null,
      detectedType: falsePositive.type,
      reviewedBy: 'admin@opsdesk.local',
    });
    const countOf = (body: any) => body.table.find((row: any) => row.type === falsePositive.type).count;
    expect(countOf(response.body.baseline)).toBe(countOf(before) - 1);
    expect((await t.api('GET', '/api/v1/baseline-model', { token: admin })).body).toMatchObject({
      corrections: 1,
    });
    const model = await t.context.db.transaction((tx) => currentModel(tx));
    expect(createClassifier({ model }).classify(falsePositive.text).type).toBeNull();
  });

  it('lets an admin correct a type, and shows the reviewed requests', async () => {
    const mistyped = requests.find((request) => {
      const type = trueType.get(request.position);
      return type !== undefined && type !== request.type;
    });
    const target = mistyped ?? requests[0];
    const type = trueType.get(target.position) ?? 'copy-database-data';
    const response = await t.api('PATCH', `/api/v1/baselines/infra-support-2022-23/requests/${target.id}`, {
      token: admin,
      body: { type },
    });
    expect(response.body.request.type).toBe(type);
    const reviewed = await t.api('GET', '/api/v1/baselines/infra-support-2022-23/requests?reviewed=true', {
      token: admin,
    });
    expect(reviewed.body.map((request: any) => request.id).sort()).toEqual(
      [target.id, requests.find((request) => !trueType.has(request.position))!.id].sort(),
    );
  });

  it('exports Table 2 as CSV', async () => {
    const response = await t.api('GET', '/api/v1/baselines/infra-support-2022-23?format=csv', {
      token: admin,
    });
    const lines = String(response.body).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'request_type,label,count,average_resolution_seconds,average_resolution,unanswered',
    );
    expect(lines[2]).toBe('recreate-staging,Recreate staging,38,132510,36:48:30,1');
  });

  it('refuses a second baseline of the same name, an export without the needed columns, and non-admins', async () => {
    expect((await upload('infra-support-2022-23', csv)).status).toBe(409);
    const noDates = await upload('broken', 'Author,Content\nana,please start bugfix1x2\n');
    expect(noDates.status).toBe(400);
    expect(noDates.body.error.code).toBe('chat_export_missing_column');
    const dev = await t.login('dev@opsdesk.local');
    const response = await t.api('POST', `/api/v1/baselines?name=x&support=a`, {
      token: dev,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(403);
  });

  it('without a named support team, infers it from who answers, or says it cannot', async () => {
    const response = await upload('inferred-team', csv, '');
    expect(response.status).toBe(201);
    expect(response.body.options).toMatchObject({ supportInferred: true });
    expect([...response.body.options.support].sort()).toEqual([...truth.supportTeam.names!].sort());
    const chatterOnly = 'Author,Date,Content\nana,2023-03-01T09:00:00+07:00,lunch dimana guys?\n';
    const unknown = await upload('no-team', chatterOnly, '');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'support_unknown' });
    expect(unknown.body.error.message).toMatch(/^support: /);
  });
});

describe('a baseline typed in by hand', () => {
  it("stores the paper's Table 2", async () => {
    const response = await t.api('POST', '/api/v1/baselines/manual', {
      token: admin,
      body: {
        name: 'paper table 2',
        rows: [
          { type: 'start-request-only-staging', averageResolutionSeconds: 585, unanswered: 0 },
          { type: 'recreate-staging', averageResolutionSeconds: 145_630, unanswered: 1 },
          { type: 'copy-database-data', averageResolutionSeconds: 24_980, unanswered: 0 },
          { type: 'create-staging-domain', averageResolutionSeconds: 25_400, unanswered: 3 },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.table.map((row: any) => [row.average, row.unanswered, row.count])).toEqual([
      ['0:09:45', 0, null],
      ['40:27:10', 1, null],
      ['6:56:20', 0, null],
      ['7:03:20', 3, null],
    ]);
  });
});

describe('opsdesk baseline import', () => {
  it('infers the support team when none is named, says whom, and prints Table 2 as JSON', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', 'baseline', 'import', csvPath, '--name', 'from-cli', '--json'],
      {
        cwd: packageRoot(),
        env: {
          ...process.env,
          DATABASE_URL: t.context.database.url,
          OPSDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'opsdesk-cli-')),
          OPSDESK_LOG_LEVEL: 'silent',
          OPSDESK_DEMO: '0',
        },
      },
    );
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ name: 'from-cli', messageCount: 1183, supportInferred: true });
    expect([...printed.supportTeam].sort()).toEqual([...truth.supportTeam.names!].sort());
    expect(printed.table[1]).toEqual({
      type: 'recreate-staging',
      label: 'Recreate staging',
      count: 38,
      averageResolution: '36:48:30',
      averageResolutionSeconds: 132_510,
      unanswered: 1,
    });
    const stored = await t.api('GET', '/api/v1/baselines/from-cli', { token: admin });
    expect(stored.body.table[1]).toMatchObject({
      count: 38,
      averageResolutionSeconds: 132_510,
      unanswered: 1,
    });
  });
});
