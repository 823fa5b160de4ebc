// The combined classifier: configurable rules and a trained model, in a chosen order.
import { z } from 'zod';
import { defaultRules } from './defaultRules.js';
import { type NaiveBayesModel, naiveBayesModelSchema, predictNormalised } from './naiveBayes.js';
import type { RequestTypeKey } from './requestTypes.js';
import {
  applyRulesToNormalised,
  asksForSomething,
  compileRules,
  ruleEvidence,
  ruleSetSchema,
  ruleTopic,
} from './rules.js';
import { normaliseText } from './textFeatures.js';

export const classifierConfigSchema = z.object({
  /** Rules to apply; `defaultRules` when absent. `{ types: {} }` switches rules off. */
  rules: ruleSetSchema.optional(),
  /** A trained model (`trainModel`), as stored JSON. */
  model: naiveBayesModelSchema.optional(),
  /**
   * `model-first`: the model decides when confident and rules cover what it is unsure of, so
   * admin corrections (retraining) take effect everywhere. `rules-first`: a matching rule wins.
   */
  order: z.enum(['model-first', 'rules-first']).default('model-first'),
  /** Least model confidence (posterior probability) for the model to decide. */
  minModelConfidence: z.number().min(0).max(1).default(0.6),
  /**
   * The model decides only when the text holds some evidence of the type it names (a keyword or
   * pattern of that type's rules): a confident guess on words the types never use ("could you
   * add me to the sentry project?") is not a request. Off when rules are switched off.
   */
  requireEvidence: z.boolean().default(true),
  /** A message that asks for nothing (the rules' `asking` patterns) is not a request. Off when rules are switched off. */
  requireAsking: z.boolean().default(true),
  /** Least rule score for `topic` to name a type. */
  minTopicScore: z.number().positive().default(1),
});
export type ClassifierConfig = z.input<typeof classifierConfigSchema>;

/**
 * The configuration as options of a larger call (an analysis): the model is only required to be
 * an object here, and is checked once per model object by `createClassifier` — parsing a large
 * model on every call was most of an analysis's time.
 */
export const classifierOptionsSchema = classifierConfigSchema.extend({
  model: z.custom<NaiveBayesModel>((value) => typeof value === 'object' && value !== null).optional(),
});

export interface Classification {
  /** null: not one of the request types. */
  type: RequestTypeKey | null;
  confidence: number;
  /** What decided: a rule, the model, or neither (nothing matched confidently). */
  via: 'rule' | 'model' | 'none';
}

export interface Classifier {
  classify(text: string): Classification;
  /** The request type a text speaks of even when it asks for nothing ("recreate done"), by rules. */
  topic(text: string): RequestTypeKey | null;
}

const checkedModels = new WeakSet<object>();

function checkModel(model: NaiveBayesModel): NaiveBayesModel {
  naiveBayesModelSchema.parse(model);
  checkedModels.add(model);
  return model;
}

export function createClassifier(input: ClassifierConfig = {}): Classifier {
  // The model is checked once, by shape, not re-parsed field by field on every classifier: it
  // is large, and its compiled form is cached per object (re-parsing would copy it).
  const { model: givenModel, ...rest } = input;
  const config = classifierConfigSchema.omit({ model: true }).parse(rest);
  const rules = compileRules(input.rules ?? defaultRules);
  const model: NaiveBayesModel | undefined =
    givenModel === undefined || checkedModels.has(givenModel) ? givenModel : checkModel(givenModel);

  const byRules = (normalised: string): Classification | null => {
    const outcome = applyRulesToNormalised(rules, normalised);
    return outcome.type ? { type: outcome.type, confidence: outcome.confidence, via: 'rule' } : null;
  };
  const gated = config.requireEvidence && rules.types.length > 0;
  const ruled = new Set(rules.types.map((entry) => entry.type));
  const hasEvidence = (normalised: string, type: RequestTypeKey): boolean =>
    !ruled.has(type) || (ruleEvidence(rules, normalised)[type] ?? 0) > 0;
  const byModel = (normalised: string, minConfidence: number): Classification | null => {
    if (!model) return null;
    const prediction = predictNormalised(model, normalised);
    if (prediction.confidence < minConfidence) return null;
    return { type: prediction.type, confidence: prediction.confidence, via: 'model' };
  };
  /**
   * The model, checked against the rules: a type with no evidence in the text gives way to the
   * rules' type (or to nothing, when the text names no server either); "not a request" gives way
   * to a confident rule decision.
   */
  const byCheckedModel = (normalised: string): Classification | null => {
    const decided = byModel(normalised, config.minModelConfidence);
    if (!decided || !gated) return decided;
    const rule = byRules(normalised);
    if (decided.type === null) return rule && rule.confidence >= config.minModelConfidence ? rule : decided;
    if (hasEvidence(normalised, decided.type)) return decided;
    if (rule && rule.type !== decided.type) return rule;
    return /<(stg|domain)>/.test(normalised) ? decided : null;
  };
  const nothing: Classification = { type: null, confidence: 0, via: 'none' };

  return {
    classify(text) {
      const normalised = normaliseText(text);
      if (config.requireAsking && !asksForSomething(rules, normalised)) return nothing;
      if (config.order === 'rules-first') {
        return byRules(normalised) ?? byModel(normalised, config.minModelConfidence) ?? nothing;
      }
      return byCheckedModel(normalised) ?? byRules(normalised) ?? nothing;
    },
    topic: (text) => ruleTopic(rules, text, config.minTopicScore),
  };
}
