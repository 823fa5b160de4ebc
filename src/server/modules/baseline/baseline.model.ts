// The stored classifier model. It is trained on the bundled training set (fixtures/training.json:
// generated phrasings, none taken from a real channel) plus every correction a reviewer made,
// and retrained whole after each review, so a second correction of the same message replaces
// the first instead of adding to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { baselineModelOut } from '../../../shared/api/baseline.js';
import type { Queryable, Tx } from '../../db/client.js';
import { packageRoot } from '../../lib/paths.js';
import { baselineModels, baselineTrainingExamples } from './baseline.schema.js';
import {
  type NaiveBayesModel,
  type TrainingExample,
  trainingExampleSchema,
  trainModel,
} from './naiveBayes.js';
import { requestTypeKeySchema } from './requestTypes.js';

const modelKey = 'default';
/** A reviewer's correction counts as this many generated examples: one person's judgement on a real message. */
export const correctionWeight = 3;

let bundled: TrainingExample[] | null = null;

export function bundledTrainingSet(): TrainingExample[] {
  bundled ??= z
    .object({ examples: z.array(trainingExampleSchema) })
    .parse(
      JSON.parse(
        readFileSync(join(packageRoot(), 'src/server/modules/baseline/fixtures/training.json'), 'utf8'),
      ),
    ).examples;
  return bundled;
}

/** What GET /baseline-model answers (src/shared/api/baseline.ts). */
export type ModelInfo = NonNullable<z.infer<typeof baselineModelOut>>;

export async function modelInfo(q: Queryable): Promise<ModelInfo | null> {
  const [row] = await q
    .select({
      bundledExamples: baselineModels.bundledExamples,
      corrections: baselineModels.corrections,
      updatedAt: baselineModels.updatedAt,
    })
    .from(baselineModels)
    .where(eq(baselineModels.key, modelKey));
  return row ?? null;
}

/** The model to classify with; trained and stored on first use. */
export async function currentModel(tx: Tx): Promise<NaiveBayesModel> {
  const [row] = await tx
    .select({ model: baselineModels.model })
    .from(baselineModels)
    .where(eq(baselineModels.key, modelKey));
  return row ? row.model : retrainModel(tx);
}

export async function retrainModel(tx: Tx): Promise<NaiveBayesModel> {
  const corrections = await tx
    .select({
      text: baselineTrainingExamples.text,
      label: baselineTrainingExamples.label,
      weight: baselineTrainingExamples.weight,
    })
    .from(baselineTrainingExamples);
  const examples = bundledTrainingSet();
  const model = trainModel([
    ...examples,
    ...corrections.map((example) => ({
      text: example.text,
      label: example.label === null ? null : requestTypeKeySchema.parse(example.label),
      weight: example.weight,
    })),
  ]);
  const values = {
    model,
    bundledExamples: examples.length,
    corrections: corrections.length,
    updatedAt: new Date(),
  };
  await tx
    .insert(baselineModels)
    .values({ key: modelKey, ...values })
    .onConflictDoUpdate({ target: baselineModels.key, set: values });
  return model;
}

/** Keeps a reviewer's correction as a training example (replacing an earlier one for the same message). */
export async function keepCorrection(
  tx: Tx,
  correction: { requestId: string; text: string; label: string | null; by: string },
): Promise<void> {
  await tx
    .insert(baselineTrainingExamples)
    .values({
      text: correction.text,
      label: correction.label,
      weight: correctionWeight,
      baselineRequestId: correction.requestId,
      createdBy: correction.by,
    })
    .onConflictDoUpdate({
      target: baselineTrainingExamples.baselineRequestId,
      set: { label: correction.label, createdBy: correction.by, createdAt: sql`now()` },
    });
}
