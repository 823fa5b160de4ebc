import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  type EditorAction,
  type EditorState,
  editorReducer,
  fieldKeyFromLabel,
  fieldServerErrors,
  initEditor,
  isDirty,
  serverProblems,
  toPatch,
} from './editorState';
import type { RequestTypeAdmin } from './types';

const requestType: RequestTypeAdmin = {
  key: 'create-staging-domain',
  name: 'Create Staging Domain',
  description: 'A new domain',
  documentation: '',
  docsUrl: null,
  icon: 'world',
  fields: [
    {
      key: 'environment',
      label: 'Staging environment',
      type: 'environment',
      required: true,
      rules: { environment: { mustExist: true } },
    },
    {
      key: 'domain',
      label: 'Domain',
      type: 'text',
      required: true,
      rules: { pattern: { regex: '^[a-z]+$', message: 'lowercase letters only' } },
    },
  ],
  slaTargets: [],
  category: 'staging-servers',
  workflow: 'fulfilment',
  team: 'infrastructure',
  approval: { kind: 'manager', fallbackTeam: 'infrastructure' },
  fulfilment: {
    executor: 'provider',
    action: 'domain.create',
    environmentField: 'environment',
    params: { domain: { field: 'domain' } },
    resultTemplate: 'done',
    maxAttempts: 5,
    timeoutSeconds: 600,
  },
  autoCloseDays: null,
  active: true,
  position: 1,
};

const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);

describe('request type editor state', () => {
  it('starts clean, valid, and round-trips the request type as a PATCH body', () => {
    const state = initEditor(requestType);
    expect(isDirty(state)).toBe(false);
    expect(checkDraft(state.draft).count).toBe(0);
    const patch = toPatch(state.draft);
    expect(patch.fields).toEqual(requestType.fields);
    expect(patch.name).toBe('Create Staging Domain');
    expect(patch).not.toHaveProperty('key');
  });

  it('does not change the loaded request type when editing', () => {
    run(initEditor(requestType), { type: 'updateRules', index: 1, patch: { minLength: 3 } });
    expect(requestType.fields[1]!.rules).not.toHaveProperty('minLength');
  });

  it('adds a field with a fresh key and a stable id; becomes dirty', () => {
    const state = run(initEditor(requestType), { type: 'addField' }, { type: 'addField' });
    expect(state.draft.fields.map((field) => field.def.key)).toEqual([
      'environment',
      'domain',
      'newField',
      'newField2',
    ]);
    expect(new Set(state.draft.fields.map((field) => field.uid)).size).toBe(4);
    expect(isDirty(state)).toBe(true);
  });

  it('gives a new field the key of its label until a key is typed; loaded fields keep theirs', () => {
    let state = run(
      initEditor(requestType),
      { type: 'addField' },
      { type: 'updateField', index: 2, patch: { label: 'Database name (optional)' } },
    );
    expect(state.draft.fields[2]!.def.key).toBe('databaseName');
    state = run(
      state,
      { type: 'addField' },
      { type: 'updateField', index: 3, patch: { label: 'Database name' } },
    );
    expect(state.draft.fields[3]!.def.key).toBe('databaseName2');
    state = run(
      state,
      { type: 'updateField', index: 2, patch: { key: 'dbName' } },
      { type: 'updateField', index: 2, patch: { label: 'Name of the database' } },
      { type: 'updateField', index: 0, patch: { label: 'Target environment' } },
    );
    expect(state.draft.fields.map((field) => field.def.key)).toEqual([
      'environment',
      'domain',
      'dbName',
      'databaseName2',
    ]);
    expect(fieldKeyFromLabel('Ünïcode — 2 CPUs?')).toBe('unicode2Cpus');
    expect(fieldKeyFromLabel('42')).toBe('field');
  });

  it('moves and removes fields, ignoring moves out of range', () => {
    let state = run(initEditor(requestType), { type: 'moveField', index: 1, to: 0 });
    expect(state.draft.fields.map((field) => field.def.key)).toEqual(['domain', 'environment']);
    const uids = state.draft.fields.map((field) => field.uid);
    state = run(state, { type: 'moveField', index: 0, to: -1 });
    expect(state.draft.fields.map((field) => field.uid)).toEqual(uids);
    state = run(state, { type: 'removeField', index: 0 });
    expect(state.draft.fields.map((field) => field.def.key)).toEqual(['environment']);
  });

  it('moving back to the original order is not a change', () => {
    const state = run(
      initEditor(requestType),
      { type: 'moveField', index: 1, to: 0 },
      { type: 'moveField', index: 1, to: 0 },
    );
    expect(isDirty(state)).toBe(false);
  });

  it('changing the type keeps only the rules that apply and gives selects an option', () => {
    const state = run(initEditor(requestType), { type: 'updateField', index: 1, patch: { type: 'select' } });
    const field = state.draft.fields[1]!.def;
    expect(field.rules).toEqual({});
    expect(field.options).toEqual([{ value: 'option1', label: 'Option 1' }]);
    const back = run(state, { type: 'updateField', index: 1, patch: { type: 'text' } });
    expect(back.draft.fields[1]!.def.options).toBeUndefined();
  });

  it('sets and clears rules; an undefined value removes the rule', () => {
    let state = run(initEditor(requestType), { type: 'updateRules', index: 1, patch: { minLength: 3 } });
    expect(state.draft.fields[1]!.def.rules).toMatchObject({ minLength: 3 });
    state = run(state, {
      type: 'updateRules',
      index: 1,
      patch: { minLength: undefined, pattern: undefined },
    });
    expect(state.draft.fields[1]!.def.rules).toEqual({});
  });

  it('edits options', () => {
    const state = run(
      initEditor(requestType),
      { type: 'updateField', index: 1, patch: { type: 'multiselect' } },
      { type: 'addOption', index: 1 },
      { type: 'updateOption', index: 1, option: 0, patch: { value: 'eu', label: 'Europe' } },
      { type: 'removeOption', index: 1, option: 1 },
    );
    expect(state.draft.fields[1]!.def.options).toEqual([{ value: 'eu', label: 'Europe' }]);
  });

  it('reports the problems of fieldListSchema on the right field', () => {
    const state = run(
      initEditor(requestType),
      { type: 'updateField', index: 1, patch: { key: 'environment' } },
      { type: 'updateRules', index: 0, patch: { pattern: { regex: '([', message: 'x' } } },
    );
    const problems = checkDraft(state.draft);
    expect(problems.parsed).toBeNull();
    expect(problems.fields[1]?.key).toMatch(/duplicate field key/);
    expect(problems.fields[0]?.['rules.pattern.regex']).toMatch(/not a valid regular expression/);
  });

  it('requires options for selects, a name, a message for a pattern and an environment field for fulfilment', () => {
    const state = run(
      initEditor(requestType),
      { type: 'updateField', index: 1, patch: { type: 'select' } },
      { type: 'removeOption', index: 1, option: 0 },
      { type: 'updateField', index: 0, patch: { type: 'text' } },
      { type: 'updateRules', index: 0, patch: { pattern: { regex: 'a', message: ' ' } } },
      { type: 'set', key: 'name', value: ' ' },
    );
    const problems = checkDraft(state.draft);
    expect(problems.fields[1]?.options).toMatch(/needs options/);
    expect(problems.fields[0]?.['rules.pattern.message']).toBeDefined();
    expect(problems.top.name).toBeDefined();
    expect(problems.top['fulfilment.environmentField']).toBeDefined();
    expect(problems.top['fulfilment.params.domain']).toBeUndefined();
    const renamed = run(state, { type: 'updateField', index: 1, patch: { key: 'domainName' } });
    expect(checkDraft(renamed.draft).top['fulfilment.params.domain']).toBe('refers to no field domain');
  });

  it('maps a 400 to paths, and clears a field’s server problem once it is edited', () => {
    const errors = serverProblems(
      [
        { field: 'body.fields.1.key', message: 'must be a camelCase identifier' },
        { field: 'fulfilment.environmentField', message: 'must name a field of type environment' },
      ],
      'The request type does not fit together',
    );
    expect(errors).toEqual({
      'fields.1.key': 'must be a camelCase identifier',
      'fulfilment.environmentField': 'must name a field of type environment',
    });
    expect(serverProblems(undefined, 'team: there is no team ops.')).toEqual({
      team: 'there is no team ops.',
    });
    let state = run(initEditor(requestType), { type: 'serverErrors', errors });
    expect(fieldServerErrors(state.serverErrors, 1)).toEqual({ key: 'must be a camelCase identifier' });
    state = run(state, { type: 'updateField', index: 1, patch: { label: 'Domain name' } });
    expect(fieldServerErrors(state.serverErrors, 1)).toEqual({});
    expect(state.serverErrors['fulfilment.environmentField']).toBeDefined();
    state = run(state, { type: 'set', key: 'fulfilment', value: null });
    expect(state.serverErrors).toEqual({});
  });

  it('saves an empty docs URL as null and drops empty help and placeholder', () => {
    const state = run(
      initEditor(requestType),
      { type: 'set', key: 'docsUrl', value: '' },
      { type: 'updateField', index: 1, patch: { help: '', placeholder: '' } },
    );
    const patch = toPatch(state.draft);
    expect(patch.docsUrl).toBeNull();
    expect(patch.fields[1]).not.toHaveProperty('help');
    expect(patch.fields[1]).not.toHaveProperty('placeholder');
    expect(isDirty(state)).toBe(false);
  });
});
