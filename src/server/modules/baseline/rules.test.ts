import { describe, expect, it } from 'vitest';
import { defaultRules } from './defaultRules.js';
import { applyRules, compileRules, ruleSetSchema, ruleTopic } from './rules.js';

describe('rules', () => {
  const rules = compileRules({
    types: {
      'start-request-only-staging': {
        keywords: [{ term: 'nyalain', weight: 2 }, 'start'],
        patterns: [{ pattern: '\\bstart\\b.*<stg>', weight: 1.5 }],
      },
      'copy-database-data': { keywords: ['copy', 'table'], patterns: [] },
    },
    notRequest: ['^thanks\\b'],
    minScore: 2,
    confidentScore: 4,
  });

  it('adds the weights of matching keywords and patterns per type', () => {
    // nyalain 2 + start 1 + "start … <stg>" 1.5 = 4.5 for start; copy and table 1 each.
    const outcome = applyRules(rules, 'nyalain dan start bugfix1x2, lalu copy table');
    expect(outcome.scores).toEqual({ 'start-request-only-staging': 4.5, 'copy-database-data': 2 });
    expect(outcome.type).toBe('start-request-only-staging');
    // Share 4.5 / 6.5 of the weight, fully confident from 4 on.
    expect(outcome.confidence).toBeCloseTo(4.5 / 6.5, 10);
  });

  it('scales confidence down below the confident score', () => {
    // start 1 + "start … <stg>" 1.5 = 2.5: 2.5 / 2.5 of the weight, times 2.5 / 4.
    expect(applyRules(rules, 'start qa1x1 pls').confidence).toBeCloseTo(0.625, 10);
  });

  it('decides nothing below the least score, on a tie, or when vetoed', () => {
    expect(applyRules(rules, 'start please').type).toBeNull();
    expect(applyRules(rules, 'nyalain, copy table').type).toBeNull();
    const vetoed = applyRules(rules, 'thanks, nyalain bugfix1x2 start qa1x1');
    expect(vetoed).toMatchObject({ type: null, vetoed: true });
  });

  it('matches keywords as whole words of the normalised text', () => {
    expect(applyRules(rules, 'restart nyalainxyz').scores).toEqual({});
    expect(applyRules(rules, 'NYALAIN!!! qa1x1').scores).toEqual({ 'start-request-only-staging': 2 });
  });

  it('rejects a pattern that is not a regular expression, saying so', () => {
    const result = ruleSetSchema.safeParse({ types: { 'recreate-staging': { patterns: ['re(create'] } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('not a valid regular expression');
  });

  it('names the topic of a message that asks for nothing', () => {
    const defaults = compileRules(defaultRules);
    expect(applyRules(defaults, 'recreate done ya').type).toBe('recreate-staging');
    expect(ruleTopic(defaults, 'sudah dibuat ya domainnya', 1)).toBe('create-staging-domain');
    expect(ruleTopic(defaults, 'sudah ya', 1)).toBeNull();
  });

  it('leaves questions to the model under the default rules', () => {
    const defaults = compileRules(defaultRules);
    expect(applyRules(defaults, 'is bugfix1x2 a request-only staging?')).toMatchObject({
      type: null,
      vetoed: true,
    });
    expect(applyRules(defaults, 'can someone turn on bugfix1x2?').type).toBe('start-request-only-staging');
    expect(applyRules(defaults, 'gimana caranya recreate staging sendiri?').vetoed).toBe(true);
  });
});
