import { describe, expect, it } from 'vitest';
import { emptyEnvForm, envToForm, parseTables, toCreateBody, toPatchBody } from './envForm';
import {
  buildConfig,
  type ConnectionKind,
  type FormValues,
  humanize,
  initialValues,
  settingFields,
} from './kindSettings';

const webhook: ConnectionKind = {
  kind: 'webhook',
  title: 'Signed webhook',
  role: 'executor',
  secretFields: ['secret', 'previousSecrets'],
  settings: {
    type: 'object',
    properties: {
      url: { type: 'string', format: 'uri' },
      secret: { type: 'string', minLength: 16 },
      previousSecrets: { default: [], maxItems: 3, type: 'array', items: { type: 'string' } },
      timeoutMs: { default: 10000, type: 'integer', minimum: 500, maximum: 60000 },
    },
    required: ['url', 'secret'],
  },
};

const aws: ConnectionKind = {
  kind: 'aws',
  title: 'AWS',
  role: 'provider',
  secretFields: ['credentials'],
  settings: {
    type: 'object',
    properties: {
      region: { type: 'string' },
      credentials: {
        type: 'object',
        properties: { accessKeyId: { type: 'string' }, secretAccessKey: { type: 'string' } },
        required: ['accessKeyId', 'secretAccessKey'],
      },
      dns: {
        type: 'object',
        properties: {
          hostedZoneId: { type: 'string' },
          recordTtlSeconds: { type: 'integer', default: 300 },
        },
        required: ['hostedZoneId'],
      },
      connection: { type: 'string', enum: ['local', 'ssh'] },
    },
    required: ['region'],
  },
};

describe('kind settings → form fields', () => {
  it('makes labelled fields with kinds, hints and secrets', () => {
    const fields = settingFields(webhook);
    expect(fields.map((f) => [f.path, f.label, f.kind, f.required, f.secret])).toEqual([
      ['url', 'URL', 'url', true, false],
      ['secret', 'Secret', 'text', true, true],
      ['previousSecrets', 'Previous secrets', 'list', false, true],
      ['timeoutMs', 'Timeout (ms)', 'integer', false, false],
    ]);
    expect(fields[3]!.hint).toBe('500 to 60000. Default: 10000.');
  });
  it('flattens nested objects into groups; a group key is required only inside its group', () => {
    const fields = settingFields(aws);
    const zone = fields.find((f) => f.path === 'dns.hostedZoneId')!;
    expect(zone).toMatchObject({
      group: 'DNS',
      label: 'Hosted zone ID',
      required: false,
      requiredInGroup: true,
    });
    expect(fields.find((f) => f.path === 'connection')).toMatchObject({
      kind: 'select',
      options: ['local', 'ssh'],
    });
    expect(fields.find((f) => f.path === 'credentials.accessKeyId')).toMatchObject({ secret: true });
  });
  it('humanizes names', () => {
    expect(humanize('roleArn')).toBe('Role ARN');
    expect(humanize('defaultLaunchTemplateId')).toBe('Default launch template ID');
  });
});

describe('form values → config', () => {
  it('create: sends filled settings, converts numbers and lists, flags missing required', () => {
    const fields = settingFields(webhook);
    const values = {
      ...initialValues(fields),
      url: 'https://x.example/hook',
      timeoutMs: '2000',
      previousSecrets: 'a\nb',
    };
    const { config, errors } = buildConfig(fields, values, { mode: 'create' });
    expect(config).toEqual({ url: 'https://x.example/hook', timeoutMs: 2000, previousSecrets: ['a', 'b'] });
    expect(errors).toEqual({ secret: 'Required.' });
  });
  it('edit: never resends secrets unless replaced; emptied settings become null', () => {
    const fields = settingFields(webhook);
    const stored = { url: 'https://x.example/hook', timeoutMs: 2000 };
    const values = initialValues(fields, stored);
    expect(values).toMatchObject({ url: 'https://x.example/hook', timeoutMs: '2000', secret: '' });
    values.timeoutMs = '';
    expect(buildConfig(fields, values, { mode: 'edit', stored })).toEqual({
      config: { url: 'https://x.example/hook', timeoutMs: null },
      errors: {},
    });
    values.secret = 'a-new-secret-of-enough-length';
    const replaced = buildConfig(fields, values, { mode: 'edit', stored, replace: new Set(['secret']) });
    expect(replaced.config.secret).toBe('a-new-secret-of-enough-length');
  });
  it('nested groups: omitted when empty, required keys once used, bad numbers flagged', () => {
    const fields = settingFields(aws);
    const values: FormValues = {
      ...initialValues(fields),
      region: 'eu-west-1',
      'dns.recordTtlSeconds': 'soon',
    };
    const { config, errors } = buildConfig(fields, values, { mode: 'create' });
    expect(errors['dns.recordTtlSeconds']).toBe('Enter a whole number.');
    expect(errors['dns.hostedZoneId']).toBe('Required.');
    expect(config.credentials).toBeUndefined();
    values['dns.recordTtlSeconds'] = '';
    values['dns.hostedZoneId'] = 'Z123';
    values['credentials.accessKeyId'] = 'AKIA0000000000000000';
    const second = buildConfig(fields, values, { mode: 'create' });
    expect(second.config).toEqual({
      region: 'eu-west-1',
      dns: { hostedZoneId: 'Z123' },
      credentials: { accessKeyId: 'AKIA0000000000000000' },
    });
    expect(second.errors).toEqual({ 'credentials.secretAccessKey': 'Required.' });
  });
});

describe('environment forms', () => {
  it('parses table row counts', () => {
    expect(parseTables('orders=1200, customers: 800')).toEqual({ orders: 1200, customers: 800 });
    expect(parseTables('')).toEqual({});
    expect(parseTables('orders')).toBeNull();
  });
  it('builds a sandbox register body with databases and faults', () => {
    const form = emptyEnvForm();
    form.name = 'admin2-test';
    form.domains = 'a.example, b.example';
    form.databases = [{ engine: 'postgres', name: 'shop', tables: 'orders=10' }];
    form.faults = [
      { action: 'domain.create', kind: 'transient', times: '2' },
      { action: 'database.copy', kind: 'permanent', times: '' },
    ];
    const { body, errors } = toCreateBody(form, true);
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      name: 'admin2-test',
      domains: ['a.example', 'b.example'],
      databases: [{ engine: 'postgres', name: 'shop', tables: { orders: 10 } }],
      faults: [
        { action: 'domain.create', kind: 'transient', times: 2 },
        { action: 'database.copy', kind: 'permanent' },
      ],
    });
    expect(toCreateBody({ ...form, name: 'Bad Name' }, false).errors.name).toBeDefined();
    expect(toCreateBody(form, false).body).not.toHaveProperty('databases');
  });
  it('patch always carries requestOnly, and faults for sandboxes only', () => {
    const form = envToForm({
      name: 'x',
      provider: 'sandbox',
      providerKind: 'sandbox',
      externalId: 'sbx',
      state: 'stopped',
      requestOnly: true,
      region: null,
      url: null,
      domains: [],
      databases: [],
      endDate: null,
      faults: [{ action: 'environment.start', kind: 'transient', remaining: 1 }],
      updatedAt: '',
    });
    expect(toPatchBody(form, true).body).toEqual({
      state: 'stopped',
      requestOnly: true,
      region: null,
      url: null,
      endDate: null,
      faults: [{ action: 'environment.start', kind: 'transient', times: 1 }],
    });
    expect(toPatchBody(form, false).body).not.toHaveProperty('faults');
  });
});
