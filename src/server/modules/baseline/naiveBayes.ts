// Multinomial naive Bayes over normalised words, word pairs and character n-grams. The model is
// plain JSON of counts, so it can be stored, and admin corrections are added to the counts
// (`addExamples`) without the original training set.
import { z } from 'zod';
import { type RequestTypeKey, requestTypeKeySchema, requestTypeKeys } from './requestTypes.js';
import { type FeatureOptions, normalisedTextFeatures, normaliseText, textFeatures } from './textFeatures.js';

/** The model's class for messages that are none of the request types. */
export const notARequestLabel = 'none';
const labelSchema = z.union([requestTypeKeySchema, z.literal(notARequestLabel)]);
export type ModelLabel = z.infer<typeof labelSchema>;
const modelLabels: readonly ModelLabel[] = [...requestTypeKeys, notARequestLabel];

/** A labelled message: a request type, or null for "not one of the request types". */
export const trainingExampleSchema = z.object({
  text: z.string(),
  label: requestTypeKeySchema.nullable(),
  /** How many ordinary examples this one counts as (admin corrections may count more). */
  weight: z.number().positive().default(1),
});
export type TrainingExample = z.input<typeof trainingExampleSchema>;

const featureOptionsSchema = z.object({
  wordNgrams: z.union([z.literal(1), z.literal(2)]),
  charNgrams: z.number().int().min(0).max(6),
  charWeight: z.number().min(0),
});

const countsByLabel = <T extends z.ZodType>(value: T) => z.partialRecord(labelSchema, value);

export const naiveBayesModelSchema = z.object({
  kind: z.literal('opsdesk.baseline.naive-bayes'),
  version: z.literal(1),
  features: featureOptionsSchema,
  /** Additive (Laplace) smoothing. */
  alpha: z.number().positive(),
  /** Sum of example weights per label: the class prior. */
  examples: countsByLabel(z.number().min(0)),
  /** Sum of feature counts per label. */
  featureTotals: countsByLabel(z.number().min(0)),
  /** Feature → weighted count per label. */
  featureCounts: countsByLabel(z.record(z.string(), z.number().min(0))),
});
export type NaiveBayesModel = z.infer<typeof naiveBayesModelSchema>;

export const defaultFeatureOptions: FeatureOptions = { wordNgrams: 2, charNgrams: 4, charWeight: 0.2 };

export interface TrainOptions {
  features?: FeatureOptions;
  alpha?: number;
}

/** Validates a stored model (for instance read back from the database). */
export function parseModel(json: unknown): NaiveBayesModel {
  return naiveBayesModelSchema.parse(json);
}

export function trainModel(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): NaiveBayesModel {
  const empty: NaiveBayesModel = {
    kind: 'opsdesk.baseline.naive-bayes',
    version: 1,
    features: featureOptionsSchema.parse(options.features ?? defaultFeatureOptions),
    alpha: options.alpha ?? 0.1,
    examples: {},
    featureTotals: {},
    featureCounts: {},
  };
  return addExamples(empty, examples);
}

/** A new model with the examples' counts added; the given model is left unchanged. */
export function addExamples(model: NaiveBayesModel, examples: readonly TrainingExample[]): NaiveBayesModel {
  const next: NaiveBayesModel = structuredClone(model);
  for (const input of examples) {
    const example = trainingExampleSchema.parse(input);
    const label: ModelLabel = example.label ?? notARequestLabel;
    next.examples[label] = (next.examples[label] ?? 0) + example.weight;
    const counts = next.featureCounts[label] ?? {};
    next.featureCounts[label] = counts;
    let total = 0;
    for (const [feature, count] of textFeatures(example.text, next.features)) {
      const added = count * example.weight;
      counts[feature] = (counts[feature] ?? 0) + added;
      total += added;
    }
    next.featureTotals[label] = (next.featureTotals[label] ?? 0) + total;
  }
  return next;
}

export interface Prediction {
  /** null: the model thinks it is not one of the request types. */
  type: RequestTypeKey | null;
  /** Posterior probability of the winning label. */
  confidence: number;
  posteriors: Partial<Record<ModelLabel, number>>;
}

/** Log probabilities computed once per model object (models are never mutated). */
interface Compiled {
  labels: ModelLabel[];
  logPriors: number[];
  /** Feature → log P(feature | label) per label, for features seen in training. */
  logLikelihoods: Map<string, number[]>;
}

const compiledModels = new WeakMap<NaiveBayesModel, Compiled>();

function compile(model: NaiveBayesModel): Compiled {
  const cached = compiledModels.get(model);
  if (cached) return cached;
  const labels = modelLabels.filter((label) => (model.examples[label] ?? 0) > 0);
  const vocabulary = new Set<string>();
  for (const label of labels) for (const feature in model.featureCounts[label]) vocabulary.add(feature);
  const totalExamples = labels.reduce((sum, label) => sum + (model.examples[label] ?? 0), 0);
  const logDenominators = labels.map((label) =>
    Math.log((model.featureTotals[label] ?? 0) + model.alpha * vocabulary.size),
  );
  const logLikelihoods = new Map<string, number[]>();
  for (const feature of vocabulary) {
    logLikelihoods.set(
      feature,
      labels.map(
        (label, i) =>
          Math.log((model.featureCounts[label]?.[feature] ?? 0) + model.alpha) - logDenominators[i]!,
      ),
    );
  }
  const compiled: Compiled = {
    labels,
    logPriors: labels.map((label) => Math.log((model.examples[label] ?? 0) / totalExamples)),
    logLikelihoods,
  };
  compiledModels.set(model, compiled);
  return compiled;
}

export function predict(model: NaiveBayesModel, text: string): Prediction {
  return predictNormalised(model, normaliseText(text));
}

/** `predict` on a text already passed through `normaliseText`. */
export function predictNormalised(model: NaiveBayesModel, normalised: string): Prediction {
  const { labels, logPriors, logLikelihoods } = compile(model);
  if (labels.length === 0) return { type: null, confidence: 0, posteriors: {} };
  const logScores = [...logPriors];
  // Features never seen in training say nothing about the label and are skipped.
  for (const [feature, count] of normalisedTextFeatures(normalised, model.features)) {
    const perLabel = logLikelihoods.get(feature);
    if (perLabel) for (let i = 0; i < labels.length; i++) logScores[i]! += count * perLabel[i]!;
  }
  const best = Math.max(...logScores);
  const weights = logScores.map((score) => Math.exp(score - best));
  const sum = weights.reduce((a, b) => a + b, 0);
  const posteriors: Partial<Record<ModelLabel, number>> = {};
  labels.forEach((label, i) => {
    posteriors[label] = weights[i]! / sum;
  });
  const winner = labels[logScores.indexOf(best)]!;
  return {
    type: winner === notARequestLabel ? null : winner,
    confidence: posteriors[winner]!,
    posteriors,
  };
}
