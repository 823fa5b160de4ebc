// A PATCH changes what it is given and nothing else (issue 16, findings 5 and 7). Driven by the
// OpenAPI document: every PATCH operation, every field of its body, sent alone with the value
// the object already has — the object must read back exactly as before. A new PATCH route or
// field fails here until it has a fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestApp, type TestApp } from '../testing/harness.js';

let t: TestApp;
let admin: string;
let openapi: any;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@opsdesk.local');
  openapi = (await t.api('GET', '/api/openapi.json')).body;
});
afterAll(() => t.close());

async function ok(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
  const response = await t.api(method, path, { token: admin, body });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(response.body)}`);
  return response.body;
}

interface Fixture {
  /** Creates the object with a non-default value in every field; returns the concrete path. */
  create(): Promise<{ path: string; values: Record<string, unknown> }>;
  /** The object as the API shows it. */
  read(path: string): Promise<unknown>;
}

const found = (list: any[], predicate: (item: any) => boolean) => {
  const item = list.find(predicate);
  if (!item) throw new Error('not found');
  return item;
};

const fixtures: Record<string, Fixture> = {
  '/api/v1/users/{id}': {
    async create() {
      const lead = found(await ok('GET', '/api/v1/users'), (user) => user.email === 'lead@opsdesk.local');
      const values = {
        email: 'patched-user@opsdesk.local',
        displayName: 'Patched User',
        role: 'agent',
        managerId: lead.id,
        password: demoPassword,
        timeZone: 'Asia/Tokyo',
      };
      const user = await ok('POST', '/api/v1/users', values);
      return { path: `/api/v1/users/${user.id}`, values: { ...values, active: true } };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/teams/{key}': {
    async create() {
      const values = { name: 'Patched team', description: 'Keeps its description', autoAssign: 'load' };
      await ok('POST', '/api/v1/teams', { key: 'patched-team', ...values });
      return { path: '/api/v1/teams/patched-team', values };
    },
    read: async () => found(await ok('GET', '/api/v1/teams'), (team) => team.key === 'patched-team'),
  },
  '/api/v1/catalog/categories/{key}': {
    async create() {
      const values = { name: 'Patched category', description: 'Keeps its description', position: 7 };
      await ok('POST', '/api/v1/catalog/categories', { key: 'patched-category', ...values });
      return { path: '/api/v1/catalog/categories/patched-category', values };
    },
    read: async () =>
      found(await ok('GET', '/api/v1/catalog'), (category) => category.key === 'patched-category'),
  },
  '/api/v1/catalog/request-types/{key}': {
    async create() {
      // A demo type, read back in the shape the API takes it.
      const path = '/api/v1/catalog/request-types/start-request-only-staging';
      const current = await ok('GET', path);
      const { key: _key, ...values } = current;
      return { path, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/environments/{name}': {
    async create() {
      const values = {
        requestOnly: true,
        region: 'eu-west-1',
        url: 'https://patched.staging.example',
        endDate: '2031-01-31',
        attributes: { owner: 'qa' },
        faults: ['domain.create'],
        state: 'stopped',
      };
      await ok('POST', '/api/v1/environments', { name: 'patched-env', provider: 'sandbox', ...values });
      return { path: '/api/v1/environments/patched-env', values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/incident-communications/{id}': {
    async create() {
      const values = {
        phase: 'started',
        title: 'Email is slow',
        description: 'Mail takes minutes to arrive.',
        status: 'identified',
        serviceStatus: 'partial_outage',
        impact: 'minor',
        regions: ['EU'],
        services: ['Email'],
        components: ['SMTP relay'],
        impactStart: '2030-01-01T10:00:00.000Z',
        impactEnd: '2030-01-01T12:00:00.000Z',
        workaround: 'Use the web mail.',
        rootCause: 'A full queue.',
        nextUpdateAt: '2030-01-01T13:00:00.000Z',
        message: 'We are on it.',
        mailingListIds: [] as string[],
        recipientUserIds: [] as string[],
      };
      const created = await ok('POST', '/api/v1/incident-communications', { reference: 'INC-77', ...values });
      return { path: `/api/v1/incident-communications/${created.id}`, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/mailing-lists/{id}': {
    async create() {
      const values = {
        name: 'Patched list',
        description: 'Keeps its description',
        services: ['Email'],
        regions: ['EU'],
        timeZone: 'Europe/Paris',
      };
      const list = await ok('POST', '/api/v1/mailing-lists', { key: 'patched-list', ...values });
      return { path: `/api/v1/mailing-lists/${list.id}`, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/improvements/{key}': {
    async create() {
      const values = {
        title: 'Faster staging',
        status: 'in_progress',
        vision: 'Staging in minutes',
        baseline: null,
        currentState: 'Hours today',
        targets: [
          {
            metric: 'average_resolution_seconds',
            requestType: 'start-request-only-staging',
            value: 600,
            comparison: 'below',
            note: 'n',
          },
        ],
        plan: [],
        actions: [],
        measureFrom: '2030-01-01',
        measureTo: '2030-06-30',
        timeZone: 'Europe/Paris',
      };
      await ok('POST', '/api/v1/improvements', { key: 'patched-improvement', ...values });
      return { path: '/api/v1/improvements/patched-improvement', values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/tickets/{key}': {
    async create() {
      const values = {
        assignee: 'infra@opsdesk.local',
        team: 'infrastructure',
        priority: 'high',
        title: 'Patched ticket',
      };
      const incident = await ok('POST', '/api/v1/incidents', {
        title: values.title,
        impact: 'high',
        urgency: 'medium',
        team: values.team,
        assignee: values.assignee,
      });
      return { path: `/api/v1/tickets/${incident.key}`, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/incidents/{key}': {
    async create() {
      const site = await ok('POST', '/api/v1/cis', { class: 'site', name: 'Patch site' });
      await ok('POST', '/api/v1/cis', { class: 'service', name: 'Patch service' });
      const values = {
        impact: 'medium',
        urgency: 'high',
        service: 'Patch service',
        cis: [site.id],
        category: 'network',
        description: 'Keeps its description',
        serviceStatus: 'partial_outage',
        workaround: 'Use the other one.',
        rootCause: 'Unknown yet.',
        impactEndedAt: '2099-01-01T00:00:00.000Z',
      };
      const incident = await ok('POST', '/api/v1/incidents', {
        title: 'Patched incident',
        impact: values.impact,
        urgency: values.urgency,
        service: values.service,
        cis: values.cis,
        category: values.category,
        description: values.description,
      });
      const path = `/api/v1/incidents/${incident.key}`;
      const {
        service: _s,
        cis: _c,
        impact: _i,
        urgency: _u,
        category: _g,
        description: _d,
        ...rest
      } = values;
      const response = await t.api('PATCH', path, { token: admin, body: rest });
      if (response.status !== 200) throw new Error(JSON.stringify(response.body));
      return { path, values };
    },
    read: (path) => ok('GET', path.replace('/incidents/', '/tickets/')),
  },
  '/api/v1/problems/{key}': {
    async create() {
      await ok('POST', '/api/v1/cis', { class: 'database', name: 'Patch db' });
      const values = {
        description: 'Keeps its description',
        cis: ['Patch db'],
        rootCause: 'A pool too small.',
        workaround: 'Restart it.',
      };
      const problem = await ok('POST', '/api/v1/problems', { title: 'Patched problem', ...values });
      return { path: `/api/v1/problems/${problem.key}`, values };
    },
    read: (path) => ok('GET', path.replace('/problems/', '/tickets/')),
  },
  '/api/v1/incidents/{key}/review': {
    async create() {
      const incident = await ok('POST', '/api/v1/incidents', {
        title: 'Reviewed',
        impact: 'low',
        urgency: 'low',
      });
      const path = `/api/v1/incidents/${incident.key}/review`;
      await ok('POST', path);
      const values = {
        summary: 'Short',
        impact: 'Some',
        detection: 'An alert',
        response: 'Fast',
        recovery: 'A restart',
        rootCause: 'A bug',
        whys: ['It crashed', 'A bug'],
      };
      const response = await t.api('PATCH', path, { token: admin, body: values });
      if (response.status !== 200) throw new Error(JSON.stringify(response.body));
      return { path, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/changes/{key}': {
    async create() {
      await ok('POST', '/api/v1/cis', { class: 'application', name: 'Patch change app' });
      const [question] = await ok('GET', '/api/v1/changes/risk-questionnaire');
      const values = {
        cis: ['Patch change app'],
        plannedStart: '2099-01-01T10:00:00.000Z',
        plannedEnd: '2099-01-01T11:00:00.000Z',
        description: 'Keeps its description',
        reason: 'a reason',
        expectedReturn: 'a return',
        risks: 'some risks',
        resources: 'one engineer',
        responsible: 'infra@opsdesk.local',
        implementationPlan: 'do it',
        backoutPlan: 'undo it',
        testPlan: 'test it',
        riskAnswers: { [question.id]: true },
        outcome: null,
        reviewNotes: 'Reviewed.',
        public: true,
      };
      const { outcome: _o, reviewNotes, ...body } = values;
      const change = await ok('POST', '/api/v1/changes', {
        type: 'normal',
        title: 'Patched change',
        ...body,
      });
      const path = `/api/v1/changes/${change.key}`;
      const response = await t.api('PATCH', path, { token: admin, body: { reviewNotes } });
      if (response.status !== 200) throw new Error(JSON.stringify(response.body));
      return { path, values };
    },
    read: (path) => ok('GET', path.replace('/changes/', '/tickets/')),
  },
  '/api/v1/changes/settings': {
    async create() {
      // The change roles, set to other teams than the defaults, then each patched alone.
      for (const key of ['patch-cab', 'patch-ecab', 'patch-managers'])
        await ok('POST', '/api/v1/teams', { key, name: key });
      const values = {
        cabTeam: 'patch-cab',
        emergencyCabTeam: 'patch-ecab',
        changeManagersTeam: 'patch-managers',
        cabQuorum: 3,
      };
      const response = await t.api('PATCH', '/api/v1/changes/settings', { token: admin, body: values });
      if (response.status !== 200) throw new Error(JSON.stringify(response.body));
      return { path: '/api/v1/changes/settings', values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/ci-classes/{key}': {
    async create() {
      const values = {
        name: 'Patched class',
        icon: 'printer',
        description: 'Keeps its description',
        attributes: [{ key: 'floor', label: 'Floor', type: 'number', required: false }],
      };
      await ok('POST', '/api/v1/ci-classes', { key: 'patched_class', ...values });
      return { path: '/api/v1/ci-classes/patched_class', values };
    },
    read: async () => found(await ok('GET', '/api/v1/ci-classes'), (row) => row.key === 'patched_class'),
  },
  '/api/v1/cis/{id}': {
    async create() {
      await ok('POST', '/api/v1/cis', { class: 'site', name: 'Patched site' });
      const incident = await ok('POST', '/api/v1/incidents', {
        title: 'for ci patch',
        impact: 'low',
        urgency: 'low',
      });
      const values = {
        name: 'patched-server',
        status: 'maintenance',
        attributes: { os: 'Debian 12', region: 'eu-west-1' },
        owner: 'infra@opsdesk.local',
        team: 'infrastructure',
        site: 'Patched site',
        tags: ['patched'],
        ticket: incident.key,
      };
      const { ticket: _ticket, ...body } = values;
      const ci = await ok('POST', '/api/v1/cis', { class: 'server', ...body });
      return { path: `/api/v1/cis/${ci.id}`, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/integrations/{id}': {
    async create() {
      const values = {
        name: 'Patched feed',
        mapping: { summary: 'title', labels: { instance: 'host' } },
        enabled: false,
      };
      const integration = await ok('POST', '/api/v1/integrations', {
        kind: 'generic',
        name: values.name,
        mapping: values.mapping,
      });
      await ok('PATCH', `/api/v1/integrations/${integration.id}`, { enabled: false });
      return { path: `/api/v1/integrations/${integration.id}`, values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/event-settings': {
    async create() {
      const values = { flapCount: 5, flapWindowMinutes: 20, retentionDays: 30, deadLetterLimit: 50 };
      await ok('PATCH', '/api/v1/event-settings', values);
      return { path: '/api/v1/event-settings', values };
    },
    read: (path) => ok('GET', path),
  },
  '/api/v1/kb/articles/{id}': {
    async create() {
      await ok('POST', '/api/v1/kb/categories', { key: 'patched-kb', name: 'Patched knowledge' });
      const values = {
        title: 'Patched article',
        body: '# Keeps its body',
        tags: ['patched'],
        category: 'patched-kb',
        audience: 'public',
        language: 'simple',
        owner: 'infra@opsdesk.local',
        reviewBy: '2027-06-30',
        knownError: null,
        status: 'published',
      };
      const article = await ok('POST', '/api/v1/kb/articles', values);
      return { path: `/api/v1/kb/articles/${article.id}`, values: { ...values, note: 'nothing changed' } };
    },
    read: (path) => ok('GET', path),
  },
};

/** The concrete path of each fixture's object, once created. */
const created = new Map<string, string>();

/** What may change on any write: timestamps. */
function stable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, item) => (key === 'updatedAt' ? undefined : item));
}

function patchOperations(): Array<{ path: string; fields: string[]; required: string[] }> {
  return Object.entries(openapi.paths as Record<string, any>)
    .filter(([, operations]) => operations.patch)
    .map(([path, operations]) => {
      const schema = operations.patch.requestBody.content['application/json'].schema;
      return { path, fields: Object.keys(schema.properties ?? {}), required: schema.required ?? [] };
    });
}

describe('every PATCH changes only what it is given', () => {
  it('has a fixture for every PATCH operation whose body has a field to leave out', () => {
    const operations = patchOperations();
    expect(operations.length).toBeGreaterThanOrEqual(10);
    const needing = operations.filter((operation) =>
      operation.fields.some((f) => !operation.required.includes(f)),
    );
    expect(needing.map((operation) => operation.path).sort()).toEqual(Object.keys(fixtures).sort());
  });

  it('a single field, sent alone, leaves every other field as it was', async () => {
    const problems: string[] = [];
    for (const operation of patchOperations()) {
      const fixture = fixtures[operation.path];
      if (!fixture) continue;
      const { path, values } = await fixture.create();
      created.set(operation.path, path);
      for (const field of operation.fields) {
        if (!(field in values)) {
          problems.push(`${operation.path}: the fixture has no value for ${field}`);
          continue;
        }
        const before = stable(await fixture.read(path));
        const response = await t.api('PATCH', path, { token: admin, body: { [field]: values[field] } });
        if (response.status !== 200) {
          problems.push(`PATCH ${path} {${field}}: ${response.status} ${JSON.stringify(response.body)}`);
          continue;
        }
        const after = stable(await fixture.read(path));
        try {
          expect(after).toEqual(before);
        } catch (error) {
          problems.push(`PATCH ${path} {${field}} changed other fields: ${(error as Error).message}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('an empty PATCH body is a 400 naming the body, never a 500', async () => {
    for (const operation of patchOperations()) {
      const path =
        created.get(operation.path) ??
        operation.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await t.api('PATCH', path, { token: admin, body: {} });
      expect(response.status, `PATCH ${path} {}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});
