import { describe, expect, it } from 'vitest';
import { addExamples, parseModel, predict, type TrainingExample, trainModel } from './naiveBayes.js';

const examples: TrainingExample[] = [
  { text: 'tolong nyalain staging bugfix1x2', label: 'start-request-only-staging' },
  { text: 'please start feature2x1 for testing', label: 'start-request-only-staging' },
  { text: 'recreate staging-alpha with the new template', label: 'recreate-staging' },
  { text: 'bikin ulang qa3x1 pake template baru', label: 'recreate-staging' },
  { text: 'copy table orders from stg-a to stg-b', label: 'copy-database-data' },
  { text: 'tolong salin tabel users dari bugfix1x1 ke bugfix1x2', label: 'copy-database-data' },
  { text: 'create domain api.bugfix1x2.tokoxyz.com', label: 'create-staging-domain' },
  { text: 'minta subdomain baru untuk service promo', label: 'create-staging-domain' },
  { text: 'lunch dimana guys?', label: null },
  { text: 'makasih min', label: null },
  { text: 'good morning all', label: null },
  { text: 'ada yang tau wifi kenapa lemot?', label: null },
];

describe('naive Bayes request classifier', () => {
  const model = trainModel(examples);

  it('recognises new staging names, tables and domains through their placeholders', () => {
    expect(predict(model, 'tolong nyalain feature9x9 dong').type).toBe('start-request-only-staging');
    expect(predict(model, 'copy tabel payments dari qa1x1 ke qa1x2').type).toBe('copy-database-data');
    expect(predict(model, 'recreate release2x2 pls').type).toBe('recreate-staging');
    expect(predict(model, 'domain baru buat search-api').type).toBe('create-staging-domain');
    expect(predict(model, 'thanks min').type).toBeNull();
  });

  it('gives posteriors that sum to one, the winner as confidence', () => {
    const prediction = predict(model, 'copy table carts from qa1x1 to qa1x2');
    const total = Object.values(prediction.posteriors).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    expect(prediction.confidence).toBe(prediction.posteriors['copy-database-data']);
  });

  it('survives storage as JSON with identical predictions', () => {
    const stored = JSON.parse(JSON.stringify(model));
    expect(stored).toMatchObject({ kind: 'opsdesk.baseline.naive-bayes', version: 1 });
    const restored = parseModel(stored);
    for (const text of ['tolong nyalain feature9x9 dong', 'lunch?', 'salin tabel x']) {
      expect(predict(restored, text)).toEqual(predict(model, text));
    }
    expect(() => parseModel({ ...stored, version: 2 })).toThrow();
  });

  it('learns from an admin correction without the original training set', () => {
    const wrong = 'tolong reset password vpn';
    expect(predict(model, wrong).type).toBe('start-request-only-staging');
    const corrected = addExamples(model, [{ text: wrong, label: null }]);
    expect(predict(corrected, wrong).type).toBeNull();
    // A message like the corrected one is now read the same way.
    expect(predict(corrected, 'tolong reset password jenkins').type).toBeNull();
    // The stored model it started from is unchanged.
    expect(predict(model, wrong).type).toBe('start-request-only-staging');
  });

  it('counts a weighted correction as that many examples', () => {
    const once = addExamples(model, [{ text: 'hidupin qa1x1', label: 'start-request-only-staging' }]);
    const thrice = addExamples(model, [
      { text: 'hidupin qa1x1', label: 'start-request-only-staging', weight: 3 },
    ]);
    expect(thrice.examples['start-request-only-staging']).toBe(5);
    expect(once.examples['start-request-only-staging']).toBe(3);
    expect(predict(thrice, 'hidupin qa2x2').confidence).toBeGreaterThan(
      predict(once, 'hidupin qa2x2').confidence,
    );
  });

  it('knows nothing before training', () => {
    expect(predict(trainModel([]), 'anything')).toEqual({ type: null, confidence: 0, posteriors: {} });
  });
});
