// Configurable rules: weighted keywords and regular expressions per request type, matched
// against the normalised text (so `<stg>`, `<domain>`, `<ident>` placeholders can be used).
import { z } from 'zod';
import { type RequestTypeKey, requestTypeKeySchema, requestTypeKeys } from './requestTypes.js';
import { normaliseText } from './textFeatures.js';

const compiles = (source: string): boolean => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
};

const weightedKeyword = z.object({ term: z.string().min(1), weight: z.number().default(1) });
const keyword = z.union([
  z
    .string()
    .min(1)
    .transform((term) => ({ term, weight: 1 })),
  weightedKeyword,
]);
/** A regular expression source, alone (weight 1) or with a weight. */
const pattern = z
  .union([z.string().min(1), z.object({ pattern: z.string().min(1), weight: z.number().default(1) })])
  .transform((value) => (typeof value === 'string' ? { pattern: value, weight: 1 } : value))
  .refine((value) => compiles(value.pattern), 'not a valid regular expression');

export const ruleSetSchema = z.object({
  types: z.partialRecord(
    requestTypeKeySchema,
    z.object({ keywords: z.array(keyword).default([]), patterns: z.array(pattern).default([]) }),
  ),
  /** A match vetoes the rules (thanks, how-to questions); the model may still decide. */
  notRequest: z.array(pattern).default([]),
  /**
   * A request asks: when set, a message matching none of these (please, tolong, can you, an
   * imperative "start x") is not a request, whatever its words are about ("x.stg.com gives 502",
   * "QA passed on x"). Empty: no such check.
   */
  asking: z.array(pattern).default([]),
  /** Least score for a rule decision. */
  minScore: z.number().positive().default(2),
  /** Score at which a rule decision is fully confident. */
  confidentScore: z.number().positive().default(4),
});
export type RuleSet = z.input<typeof ruleSetSchema>;
type ParsedRuleSet = z.output<typeof ruleSetSchema>;

export interface RuleOutcome {
  type: RequestTypeKey | null;
  confidence: number;
  scores: Partial<Record<RequestTypeKey, number>>;
  vetoed: boolean;
}

interface CompiledType {
  type: RequestTypeKey;
  keywords: { phrase: string; weight: number }[];
  patterns: { regex: RegExp; weight: number }[];
}

export interface CompiledRules {
  types: CompiledType[];
  notRequest: RegExp[];
  asking: RegExp[];
  minScore: number;
  confidentScore: number;
}

export function compileRules(input: RuleSet): CompiledRules {
  const rules: ParsedRuleSet = ruleSetSchema.parse(input);
  const types = requestTypeKeys.flatMap((type): CompiledType[] => {
    const entry = rules.types[type];
    if (!entry) return [];
    return [
      {
        type,
        keywords: entry.keywords.map((k) => ({ phrase: normaliseText(k.term), weight: k.weight })),
        patterns: entry.patterns.map((p) => ({ regex: new RegExp(p.pattern, 'u'), weight: p.weight })),
      },
    ];
  });
  return {
    types,
    notRequest: rules.notRequest.map((p) => new RegExp(p.pattern, 'u')),
    asking: rules.asking.map((p) => new RegExp(p.pattern, 'u')),
    minScore: rules.minScore,
    confidentScore: rules.confidentScore,
  };
}

/** Each keyword and pattern counts once; the type with the highest score wins if unambiguous. */
export function applyRules(rules: CompiledRules, text: string): RuleOutcome {
  return applyRulesToNormalised(rules, normaliseText(text));
}

/** `applyRules` on a text already passed through `normaliseText`. */
export function applyRulesToNormalised(rules: CompiledRules, normalised: string): RuleOutcome {
  const { scores, ranked, vetoed } = score(rules, normalised);
  const [top, second] = ranked;
  if (vetoed || !top || top[1] < rules.minScore || (second && second[1] === top[1])) {
    return { type: null, confidence: 0, scores, vetoed };
  }
  const positiveTotal = ranked.reduce((sum, [, value]) => sum + Math.max(value, 0), 0);
  const confidence = (top[1] / positiveTotal) * Math.min(1, top[1] / rules.confidentScore);
  return { type: top[0], confidence, scores, vetoed };
}

/**
 * The type a text speaks of, on weaker evidence than a request needs and ignoring vetoes:
 * "recreate done ya" is not a request, but it is about a recreate.
 */
export function ruleTopic(rules: CompiledRules, text: string, minScore: number): RequestTypeKey | null {
  const [top, second] = score(rules, normaliseText(text)).ranked;
  return top && top[1] >= minScore && (!second || second[1] < top[1]) ? top[0] : null;
}

/** Whether a normalised text asks for something (true when the rules set no `asking` patterns). */
export function asksForSomething(rules: CompiledRules, normalised: string): boolean {
  return rules.asking.length === 0 || rules.asking.some((regex) => regex.test(normalised));
}

/** Each type's rule score on a normalised text, vetoes ignored: the evidence a text holds of each type. */
export function ruleEvidence(
  rules: CompiledRules,
  normalised: string,
): Partial<Record<RequestTypeKey, number>> {
  return score(rules, normalised).scores;
}

function score(rules: CompiledRules, normalised: string) {
  const padded = ` ${normalised} `;
  const scores: Partial<Record<RequestTypeKey, number>> = {};
  for (const entry of rules.types) {
    let score = 0;
    for (const { phrase, weight } of entry.keywords)
      if (phrase && padded.includes(` ${phrase} `)) score += weight;
    for (const { regex, weight } of entry.patterns) if (regex.test(normalised)) score += weight;
    if (score !== 0) scores[entry.type] = score;
  }
  const vetoed = rules.notRequest.some((regex) => regex.test(normalised));
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]) as [RequestTypeKey, number][];
  return { scores, ranked, vetoed };
}
