import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from './classifier.js';
import { broadeningNotRequests, broadeningRequests, isBroadeningCheck } from './fixtures/broadening.js';
import { fill, randomSlots } from './fixtures/compose.js';
import { seededRandom } from './fixtures/random.js';
import { addExamples, type TrainingExample, trainModel } from './naiveBayes.js';
import type { RequestTypeKey } from './requestTypes.js';
import { extractEntities, normaliseText } from './textFeatures.js';

const trainingSet: TrainingExample[] = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures/training.json'), 'utf8'),
).examples;

describe('normaliseText', () => {
  it('turns staging names, domains, tables, mentions and numbers into placeholders', () => {
    expect(normaliseText('Halo @Budi.S, copy `order_items` dari bugfix1x2 ke staging-x jam 10:30')).toBe(
      'halo <mention> copy <ident> dari <stg> ke <stg> jam <num>',
    );
    expect(normaliseText('domain api-bugfix1x2.stg.tokoxyz.com udah aktif <:ok:1234> https://x.io/a')).toBe(
      'domain <domain> udah aktif <url>',
    );
  });

  it('squeezes emphasis and joins "re-create", but keeps Indonesian "staging-nya" a word', () => {
    expect(normaliseText('pleeease re-create staging-nya plsss!!!')).toBe('please recreate staging nya pls');
  });

  it('corrects one-letter typos of the words that decide a message, and only of those', () => {
    expect(normaliseText('requset: tolong nyalian bugfix1x2, pleaase')).toBe(
      'request tolong nyalain <stg> please',
    );
    expect(normaliseText('ned db orders cpy dari stg-a')).toBe('need db orders copy dari <stg>');
    // Short words near a lexicon word are words of their own.
    expect(normaliseText('done dong, make sure the seed is fine')).toBe(
      'done dong make sure the seed is fine',
    );
  });

  it('finds the servers and domains a message names', () => {
    expect(
      extractEntities('copy dari stg-a ke bugfix3x3, lihat api-feature1x2.stg.tokoxyz.com, ec2 mysql8'),
    ).toEqual({
      stagings: ['stg-a', 'bugfix3x3', 'feature1x2'],
      domains: ['api-feature1x2.stg.tokoxyz.com'],
    });
  });
});

describe('createClassifier', () => {
  const model = trainModel(trainingSet);

  it('reads the phrasings of the paper’s channel with the committed training set', () => {
    const { classify } = createClassifier({ model });
    expect(classify('tolong nyalain staging bugfix1x2 dong').type).toBe('start-request-only-staging');
    expect(classify('pls recreate staging-x with new template').type).toBe('recreate-staging');
    expect(classify('can someone copy db orders table from stg-a to stg-b').type).toBe('copy-database-data');
    expect(classify('minta domain baru buat service promo-engine di bugfix1x2').type).toBe(
      'create-staging-domain',
    );
    expect(classify('makasih min, udah bisa').type).toBeNull();
  });

  it('does not take talk that names a server or a domain for a request: a request asks', () => {
    const { classify } = createClassifier({ model });
    for (const text of [
      'QA passed on release3x1',
      'checkout-web.qa1x1.tokoxyz.id error 500 pas checkout',
      'CI is deploying search-api to hotfix2x1 now',
      'FYI seller-center-qa3x2.stg.tokoxyz.com sudah bisa dibuka lagi',
    ]) {
      expect(classify(text), text).toEqual({ type: null, confidence: 0, via: 'none' });
    }
    // Asking words or an opening verb make a request; the check can be switched off.
    expect(classify('spin up release3x1 for QA').type).toBe('start-request-only-staging');
    expect(classify('nyalain qa1x1').type).toBe('start-request-only-staging');
    expect(
      createClassifier({ model, rules: { types: {} } }).classify('QA passed on release3x1').via,
    ).not.toBe('none');
  });

  it('generalises to the phrasings of the broadening bank it was never trained on', () => {
    const { classify } = createClassifier({ model });
    const random = seededRandom(2026);
    const wrong: string[] = [];
    let total = 0;
    const check = (text: string, expected: RequestTypeKey | null): void => {
      total++;
      const got = classify(text).type;
      if (got !== expected) wrong.push(`${text} → ${got ?? 'none'} (expected ${expected ?? 'none'})`);
    };
    for (const [type, templates] of Object.entries(broadeningRequests) as [RequestTypeKey, string[]][]) {
      templates.forEach((template, index) => {
        if (isBroadeningCheck(index))
          for (let n = 0; n < 5; n++) check(fill(template, randomSlots(random)), type);
      });
    }
    broadeningNotRequests.forEach((template, index) => {
      if (isBroadeningCheck(index))
        for (let n = 0; n < 5; n++) check(fill(template, randomSlots(random)), null);
    });
    // 145 messages; at most 5 % wrong.
    expect(total).toBeGreaterThan(100);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(Math.floor(total * 0.05));
  });

  it('uses the default rules when there is no model', () => {
    const { classify } = createClassifier();
    expect(classify('pls recreate staging-x with new template')).toMatchObject({
      type: 'recreate-staging',
      via: 'rule',
    });
    expect(classify('lunch dimana guys?')).toEqual({ type: null, confidence: 0, via: 'none' });
  });

  it('lets the chosen order settle a disagreement between rules and model', () => {
    const rules = { types: { 'start-request-only-staging': { keywords: [{ term: 'please', weight: 5 }] } } };
    const text = 'please copy table orders from stg-a to stg-b';
    expect(createClassifier({ model, rules, order: 'rules-first' }).classify(text)).toMatchObject({
      type: 'start-request-only-staging',
      via: 'rule',
    });
    expect(createClassifier({ model, rules }).classify(text)).toMatchObject({
      type: 'copy-database-data',
      via: 'model',
    });
  });

  it('falls back to the rules when the model is not confident enough', () => {
    // Two examples alike but for the verb: a text sharing only "pls <stg>" with both is a near tie.
    const undecided = trainModel([
      { text: 'pls start qa1x1', label: 'start-request-only-staging' },
      { text: 'pls copy qa1x1', label: 'copy-database-data' },
    ]);
    const { classify } = createClassifier({ model: undecided });
    expect(classify('pls recreate staging-x with new template')).toMatchObject({
      type: 'recreate-staging',
      via: 'rule',
    });
    const tie = createClassifier({
      model: undecided,
      minModelConfidence: 0.5,
      requireEvidence: false,
    }).classify('pls recreate qa2x2');
    expect(tie.via).toBe('model');
    expect(tie.confidence).toBeLessThan(0.6);
  });

  it('does not take a confident guess on words none of the types use for a request', () => {
    const { classify } = createClassifier({ model });
    for (const text of ['could you add me to the sentry project?', 'tolong invite aku ke repo payment'])
      expect(classify(text).type).toBeNull();
    // A domain named in the request outweighs the model's "… ke <stg>" reading as a copy.
    expect(classify('tolong daftarkan api.qa1x1.tokoxyz.id ke qa1x1 ya').type).toBe('create-staging-domain');
    expect(classify('can we get a new subdomain api-qa1x1.stg.tokoxyz.com on staging qa1x1?')).toMatchObject({
      type: 'create-staging-domain',
    });
  });

  it('gets a wrong case right after retraining with the admin’s correction', () => {
    // Deleting a staging server is not one of the request types.
    const wrong = 'bisa tolong hapus staging qa1x1?';
    expect(createClassifier({ model }).classify(wrong).type).toBe('start-request-only-staging');
    const corrected = addExamples(model, [{ text: wrong, label: null, weight: 3 }]);
    const { classify } = createClassifier({ model: corrected });
    expect(classify(wrong)).toMatchObject({ type: null, via: 'model' });
    expect(classify('bisa tolong hapus staging feature2x3?').type).toBeNull();
    // What it knew stays known.
    expect(classify('tolong nyalain staging bugfix1x2 dong').type).toBe('start-request-only-staging');
  });
});
