import { describe, expect, it } from 'vitest';
import { checkFieldRules, fieldListSchema, fieldValuesSchema, type RuleContext } from './fields.js';

const environments: Record<string, { requestOnly: boolean; state: string }> = {
  bugfix1x2: { requestOnly: true, state: 'stopped' },
  main: { requestOnly: false, state: 'running' },
  old: { requestOnly: false, state: 'terminated' },
};
const context: RuleContext = {
  today: '2026-11-20',
  environment: (name) => (environments[name] ? { name, ...environments[name] } : null),
};

const fields = fieldListSchema.parse([
  {
    key: 'environment',
    label: 'Staging environment',
    type: 'environment',
    rules: { environment: { requestOnly: true } },
  },
  {
    key: 'domain',
    label: 'Domain',
    type: 'text',
    rules: {
      pattern: { regex: '^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$', message: 'letters, digits and dashes only' },
    },
  },
  {
    key: 'newName',
    label: 'New name',
    type: 'environment',
    rules: { environment: { mustNotExist: true }, differsFrom: 'environment' },
  },
  { key: 'endDate', label: 'End date', type: 'date', rules: { futureDate: true } },
  { key: 'engine', label: 'Engine', type: 'select', options: [{ value: 'postgres', label: 'PostgreSQL' }] },
  {
    key: 'tables',
    label: 'Tables',
    type: 'list',
    rules: { minItems: 1, itemPattern: { regex: '^[a-z_]+$', message: 'a table name' } },
  },
  { key: 'size', label: 'Size', type: 'number', required: false, rules: { min: 1, max: 8 } },
]);

const valid = {
  environment: 'bugfix1x2',
  domain: 'shop-api',
  newName: 'bugfix1x3',
  endDate: '2026-12-31',
  engine: 'postgres',
  tables: ['orders', 'order_items'],
};

describe('structural schema (refused with a 4xx, never stored)', () => {
  const schema = fieldValuesSchema(fields);
  it('accepts well-typed values and optional fields left out', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });
  it('refuses wrong types, missing required fields and unknown fields', () => {
    const result = schema.safeParse({ ...valid, tables: 'orders', domain: undefined, colour: 'red' });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues).toContain('tables: must be a list of text values');
    expect(issues).toContain('domain: must be text');
    expect(issues.some((issue) => issue.includes('colour'))).toBe(true);
  });
});

describe('rules (verification: every problem at once, in plain words)', () => {
  it('passes a valid request', () => {
    expect(checkFieldRules(fields, valid, context)).toEqual([]);
  });

  it('reports an invalid environment and an invalid domain pattern together (paper RI-3374)', () => {
    const problems = checkFieldRules(
      fields,
      { ...valid, environment: 'bugfix9', domain: '-shop_api' },
      context,
    );
    expect(problems).toEqual([
      {
        field: 'environment',
        message: 'Staging environment: there is no staging environment named "bugfix9".',
      },
      { field: 'domain', message: 'Domain "-shop_api" is not valid: letters, digits and dashes only' },
    ]);
  });

  it('refuses an environment that is not request-only, and a terminated one', () => {
    expect(checkFieldRules(fields, { ...valid, environment: 'main' }, context)[0]!.message).toContain(
      'not a request-only',
    );
    expect(checkFieldRules(fields, { ...valid, environment: 'old' }, context)[0]!.message).toContain(
      'no staging environment',
    );
  });

  it('refuses a new name that is taken or equal to the current one (paper RI-3402)', () => {
    expect(checkFieldRules(fields, { ...valid, newName: 'main' }, context)).toEqual([
      { field: 'newName', message: 'New name: a staging environment named "main" already exists.' },
    ]);
    const same = checkFieldRules(fields, { ...valid, newName: 'bugfix1x2' }, context).map(
      (problem) => problem.message,
    );
    expect(same).toContain('New name must differ from Staging environment ("bugfix1x2").');
    // A terminated environment's name is free again.
    expect(checkFieldRules(fields, { ...valid, newName: 'old' }, context)).toEqual([]);
  });

  it('refuses an end date that is not in the future, or not a date (paper RI-3400)', () => {
    expect(checkFieldRules(fields, { ...valid, endDate: '2026-11-20' }, context)[0]!.message).toBe(
      'End date must be a date in the future (after 2026-11-20).',
    );
    expect(checkFieldRules(fields, { ...valid, endDate: '2026-02-30' }, context)[0]!.message).toBe(
      'End date "2026-02-30" is not a real date.',
    );
  });

  it('checks list items, duplicates, select options and numeric ranges', () => {
    const problems = checkFieldRules(
      fields,
      { ...valid, tables: ['orders', 'Bad-Name', 'orders'], engine: 'oracle', size: 9 },
      context,
    ).map((problem) => problem.message);
    expect(problems).toEqual([
      'Engine must be one of: postgres.',
      'Tables lists orders more than once.',
      'Tables: "Bad-Name" is not valid: a table name',
      'Size must be at most 8.',
    ]);
  });

  it('reports missing required values', () => {
    expect(checkFieldRules(fields, { ...valid, tables: [] }, context)).toEqual([
      { field: 'tables', message: 'Tables is required.' },
    ]);
  });
});

describe('field definitions as data', () => {
  it('refuses invalid regular expressions, select fields without options and dangling differsFrom', () => {
    const result = fieldListSchema.safeParse([
      { key: 'a', label: 'A', type: 'text', rules: { pattern: { regex: '([', message: 'x' } } },
      { key: 'b', label: 'B', type: 'select' },
      { key: 'c', label: 'C', type: 'text', rules: { differsFrom: 'zzz' } },
    ]);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages.some((message) => message.startsWith('not a valid regular expression'))).toBe(true);
    expect(messages).toContain('a select field needs options');
    expect(messages).toContain('no field zzz');
  });
});
