import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from './classifier.js';
import { addExamples, type TrainingExample, trainModel } from './naiveBayes.js';
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
    expect(classify('makasih min, udah bisa')).toMatchObject({ type: null, via: 'model' });
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
