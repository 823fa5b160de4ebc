import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../shared/fields';
import {
  cancelledProblems,
  checkForm,
  type Environment,
  environmentChoices,
  initialValues,
  toPayload,
  visibleErrors,
} from './requestForm';

const field = (
  partial: Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'type'>,
): FieldDefinition => ({
  label: partial.key,
  required: true,
  rules: {},
  ...partial,
});

const environment = field({
  key: 'environment',
  label: 'Staging environment',
  type: 'environment',
  rules: { environment: { mustExist: true, requestOnly: true } },
});
const domain = field({
  key: 'domain',
  label: 'Domain',
  type: 'text',
  rules: { pattern: { regex: '^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$', message: 'letters, digits and dashes' } },
});
const newName = field({
  key: 'newName',
  label: 'New name',
  type: 'environment',
  rules: { differsFrom: 'environment', environment: { mustExist: false, mustNotExist: true } },
});
const endDate = field({ key: 'endDate', label: 'End date', type: 'date', rules: { futureDate: true } });
const count = field({ key: 'count', label: 'Count', type: 'number', required: false, rules: { min: 1 } });
const tables = field({ key: 'tables', label: 'Tables', type: 'list', rules: { minItems: 1 } });
const notes = field({ key: 'notes', label: 'Notes', type: 'longtext', required: false });

const inventory: Environment[] = [
  { name: 'bugfix1x2', requestOnly: true, state: 'stopped' },
  { name: 'staging-main', requestOnly: false, state: 'running' },
  { name: 'old', requestOnly: true, state: 'terminated' },
];
const now = new Date('2026-11-21T10:00:00Z');

describe('form state → payload', () => {
  it('starts empty: everything blank text (list fields are typed one item per line)', () => {
    expect(initialValues([domain, tables, count])).toEqual({ domain: '', tables: '', count: '' });
  });

  it('trims text, converts numbers, drops blanks, keeps long text as typed', () => {
    expect(
      toPayload([domain, count, tables, notes, endDate], {
        domain: '  shop-api ',
        count: '3',
        tables: ' users \n\norders, items ,',
        notes: '  line one\n',
        endDate: '',
      }),
    ).toEqual({ domain: 'shop-api', count: 3, tables: ['users', 'orders', 'items'], notes: '  line one\n' });
  });

  it('keeps a number field that is not a number as text', () => {
    expect(toPayload([count], { count: '3 units' })).toEqual({ count: '3 units' });
  });
});

describe('checkForm (the shared rules, with the inventory)', () => {
  it('checks a database copy against the databases the inventory lists, before filing', () => {
    const copy = [
      field({ key: 'source', type: 'environment' }),
      field({ key: 'target', type: 'environment' }),
      field({ key: 'engine', type: 'select', options: [{ value: 'postgres', label: 'PostgreSQL' }] }),
      field({ key: 'database', type: 'text' }),
      field({ key: 'tables', type: 'list' }),
    ];
    const check = {
      environments: ['source', 'target'],
      engine: 'engine',
      database: 'database',
      tables: 'tables',
    };
    const withDatabases = [
      {
        name: 'staging-main',
        requestOnly: false,
        state: 'running',
        databases: [{ engine: 'postgres', name: 'shop' }],
      },
      { name: 'promo-2x', requestOnly: true, state: 'stopped', databases: [] },
    ];
    const values = {
      source: 'staging-main',
      target: 'promo-2x',
      engine: 'postgres',
      database: 'shop',
      tables: 'orders',
    };
    expect(checkForm(copy, values, withDatabases, now, check).database).toBe(
      'There is no PostgreSQL database "shop" on promo-2x.',
    );
    expect(checkForm(copy, { ...values, target: 'staging-main' }, withDatabases, now, check)).toEqual({});
  });

  it('finds nothing wrong with a valid request', () => {
    expect(
      checkForm([environment, domain], { environment: 'bugfix1x2', domain: 'shop-api' }, inventory, now),
    ).toEqual({});
  });

  it('reports required fields and the pattern message, as the server words them', () => {
    const errors = checkForm([environment, domain], { environment: '', domain: '-bad-' }, inventory, now);
    expect(errors.environment).toBe('Staging environment is required.');
    expect(errors.domain).toBe('Domain "-bad-" is not valid: letters, digits and dashes');
  });

  it('checks environment facts against the inventory', () => {
    expect(checkForm([environment], { environment: 'staging-main' }, inventory, now).environment).toMatch(
      /not a request-only environment/,
    );
    expect(checkForm([environment], { environment: 'old' }, inventory, now).environment).toMatch(
      /no staging environment named "old"/,
    );
    expect(
      checkForm([environment, newName], { environment: 'bugfix1x2', newName: 'bugfix1x2' }, inventory, now)
        .newName,
    ).toBe(
      'New name: a staging environment named "bugfix1x2" already exists. New name must differ from Staging environment ("bugfix1x2").',
    );
  });

  it('leaves existence to the server when the inventory is unknown', () => {
    expect(checkForm([environment], { environment: 'anything' }, undefined, now)).toEqual({});
    expect(checkForm([environment], { environment: '' }, undefined, now).environment).toMatch(/required/);
  });

  it('checks dates against today (UTC) and numbers', () => {
    expect(checkForm([endDate], { endDate: '2026-11-21' }, inventory, now).endDate).toMatch(/in the future/);
    expect(checkForm([endDate], { endDate: '2026-11-22' }, inventory, now)).toEqual({});
    expect(checkForm([count], { count: 'x' }, inventory, now).count).toBe('Count must be a number.');
    expect(checkForm([count], { count: '0' }, inventory, now).count).toBe('Count must be at least 1.');
  });
});

describe('visibleErrors', () => {
  it("shows the browser's messages for touched fields and the server's wherever it answered", () => {
    expect(
      visibleErrors(
        { domain: 'browser says', environment: 'not touched yet' },
        { tables: 'server says' },
        { domain: true },
      ),
    ).toEqual({ domain: 'browser says', tables: 'server says' });
    expect(visibleErrors({ domain: 'browser says' }, { domain: 'server says' }, { domain: true })).toEqual({
      domain: 'server says',
    });
  });
});

describe('environmentChoices', () => {
  it('offers only request-only, not terminated environments when the rule asks for it', () => {
    expect(environmentChoices(environment, inventory)?.map((c) => c.value)).toEqual(['bugfix1x2']);
  });

  it('offers every live environment otherwise, and free text for a new name', () => {
    const any = field({ key: 'source', type: 'environment', rules: { environment: { mustExist: true } } });
    expect(environmentChoices(any, inventory)?.map((c) => c.value)).toEqual(['bugfix1x2', 'staging-main']);
    expect(environmentChoices(newName, inventory)).toBeNull();
  });
});

describe('cancelledProblems', () => {
  it('is null unless the answer says cancelled', () => {
    expect(cancelledProblems({ key: 'REQ-1', status: 'waiting_for_verification' })).toBeNull();
  });

  it('maps the verification comment problems onto fields', () => {
    const result = cancelledProblems({
      key: 'REQ-4',
      status: 'cancelled',
      comments: [
        {
          kind: 'verification',
          body: 'This request was cancelled…',
          data: { problems: [{ field: 'domain', message: 'Domain "-bad-" is not valid' }] },
        },
      ],
    });
    expect(result).toEqual({
      messages: ['Domain "-bad-" is not valid'],
      byField: { domain: 'Domain "-bad-" is not valid' },
    });
  });
});
