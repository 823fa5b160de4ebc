// Named baselines: a chat export analysed into the paper's Table 2 and stored with the requests
// it recognised, for an admin to review; or a Table 2 typed in by hand. A review corrects one
// request's type (or says it is not a request), recomputes the table, and is kept as a training
// example for the stored classifier model.
import { and, asc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { ZodError, z } from 'zod';
import {
  baselineNameSchema,
  manualRowSchema,
  type requestFilterSchema,
} from '../../../shared/api/baseline.js';
import {
  type Actor,
  type Db,
  isUniqueViolation,
  type Queryable,
  type Tx,
  withTransaction,
} from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { analyseChatExport, recomputeBaseline } from './baseline.js';
import { currentModel, keepCorrection, retrainModel } from './baseline.model.js';
import { baselineRequests, baselines, type StoredBaselineRow } from './baseline.schema.js';
import { ChatExportError } from './chatExport.js';
import { CsvSyntaxError } from './csv.js';
import {
  type RequestTypeKey,
  requestTypeKeySchema,
  requestTypeKeys,
  requestTypeLabels,
} from './requestTypes.js';
import { inferSupportFromCsv } from './supportTeam.js';

export type BaselineRow = typeof baselines.$inferSelect;
export type BaselineRequestRow = typeof baselineRequests.$inferSelect;

export const chatImportOptionsSchema = z.object({
  name: baselineNameSchema,
  description: z.string().max(2000).default(''),
  /**
   * Support team members as their names appear in the export; when none are given, the team is
   * inferred from who answers requests (and stored with `supportInferred: true`).
   */
  support: z.array(z.string().trim().min(1)).default([]),
  timeZone: z.string().optional(),
  dayFirst: z.boolean().default(false),
});
export type ChatImportOptions = z.input<typeof chatImportOptionsSchema>;

const nameTaken = (name: string) =>
  conflict('baseline_exists', `name: a baseline named "${name}" exists already.`);

async function assertNameFree(q: Queryable, name: string): Promise<void> {
  const [existing] = await q.select({ id: baselines.id }).from(baselines).where(eq(baselines.name, name));
  if (existing) throw nameTaken(name);
}

async function insertBaseline(tx: Tx, values: typeof baselines.$inferInsert): Promise<BaselineRow> {
  try {
    const [baseline] = await tx.insert(baselines).values(values).returning();
    return baseline!;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(values.name);
    throw error;
  }
}

/** Reads, classifies and pairs a chat export and stores it as a named baseline. */
export async function importChatExport(
  db: Db,
  actor: Actor,
  raw: ChatImportOptions,
  csv: string,
): Promise<BaselineRow> {
  const options = chatImportOptionsSchema.parse(raw);
  await assertNameFree(db, options.name);
  // Analysed outside the writing transaction: a large export takes a while.
  const model = await withTransaction(db, actor, currentModel);
  const inferred = options.support.length === 0;
  const support = inferred
    ? readable(
        () =>
          inferSupportFromCsv(csv, {
            dayFirst: options.dayFirst,
            classifier: { model },
            ...(options.timeZone ? { timeZone: options.timeZone } : {}),
          }).names,
      )
    : options.support;
  if (support.length === 0) {
    throw badRequest(
      'support_unknown',
      'support: nobody in this export answers requests the way a support team does; name the support team.',
    );
  }
  const analysis = readable(() =>
    analyseChatExport(csv, {
      supportTeam: { names: support },
      dayFirst: options.dayFirst,
      classifier: { model },
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    }),
  );
  return withTransaction(db, actor, async (tx) => {
    const baseline = await insertBaseline(tx, {
      name: options.name,
      source: 'chat_export',
      description: options.description,
      options: {
        support,
        supportInferred: inferred,
        timeZone: options.timeZone ?? null,
        dayFirst: options.dayFirst,
      },
      messageCount: analysis.messageCount,
      periodFrom: analysis.period ? new Date(analysis.period.from) : null,
      periodTo: analysis.period ? new Date(analysis.period.to) : null,
      table: analysis.table,
      createdBy: actor.label,
    });
    const rows = analysis.requests.map((request) => ({
      baselineId: baseline.id,
      position: request.index,
      line: request.line,
      messageId: request.messageId ?? null,
      author: request.author,
      at: new Date(request.at),
      text: request.text,
      detectedType: request.type,
      confidence: request.confidence,
      via: request.via,
      type: request.type,
      answerAt: request.answer ? new Date(request.answer.at) : null,
      answerAuthor: request.answer?.author ?? null,
      answerText: request.answer?.text ?? null,
    }));
    for (let offset = 0; offset < rows.length; offset += 1000) {
      await tx.insert(baselineRequests).values(rows.slice(offset, offset + 1000));
    }
    return baseline;
  });
}

/** The analysis' own errors (a missing column, an unreadable date, a bad option) become a 400. */
function readable<T>(analyse: () => T): T {
  try {
    return analyse();
  } catch (error) {
    if (error instanceof ChatExportError) throw badRequest(`chat_export_${error.code}`, error.message);
    if (error instanceof CsvSyntaxError) throw badRequest('csv_syntax', error.message);
    if (error instanceof ZodError) {
      throw badRequest(
        'invalid_options',
        error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    }
    throw error;
  }
}

/** A Table 2 typed in (e.g. the paper's own), for comparisons when no export is at hand. */
export async function createManualBaseline(
  db: Db,
  actor: Actor,
  input: { name: string; description?: string; rows: z.input<typeof manualRowSchema>[] },
): Promise<BaselineRow> {
  const rows = z.array(manualRowSchema).parse(input.rows);
  const byType = new Map(rows.map((row) => [row.type, row]));
  if (byType.size !== rows.length)
    throw badRequest('duplicate_type', 'rows: a request type is listed twice.');
  const table: StoredBaselineRow[] = requestTypeKeys
    .filter((type) => byType.has(type))
    .map((type) => ({ ...byType.get(type)!, label: requestTypeLabels[type] }));
  return withTransaction(db, actor, (tx) =>
    insertBaseline(tx, {
      name: input.name,
      source: 'manual',
      description: input.description ?? '',
      table,
      createdBy: actor.label,
    }),
  );
}

export async function listBaselines(q: Queryable): Promise<BaselineRow[]> {
  return q.select().from(baselines).orderBy(asc(baselines.createdAt));
}

export async function getBaseline(q: Queryable, name: string): Promise<BaselineRow> {
  const [baseline] = await q.select().from(baselines).where(eq(baselines.name, name));
  if (!baseline) throw notFound(`The baseline ${name}`);
  return baseline;
}

export async function findBaselineById(q: Queryable, id: string): Promise<BaselineRow | undefined> {
  const [baseline] = await q.select().from(baselines).where(eq(baselines.id, id));
  return baseline;
}

export async function deleteBaseline(db: Db, actor: Actor, name: string): Promise<void> {
  await withTransaction(db, actor, async (tx) => {
    const deleted = await tx.delete(baselines).where(eq(baselines.name, name)).returning();
    if (deleted.length === 0) throw notFound(`The baseline ${name}`);
  });
}

export async function listRecognisedRequests(
  q: Queryable,
  name: string,
  filter: z.infer<typeof requestFilterSchema>,
): Promise<BaselineRequestRow[]> {
  const baseline = await getBaseline(q, name);
  const conditions: (SQL | undefined)[] = [eq(baselineRequests.baselineId, baseline.id)];
  if (filter.type)
    conditions.push(
      filter.type === 'none' ? isNull(baselineRequests.type) : eq(baselineRequests.type, filter.type),
    );
  if (filter.reviewed) {
    conditions.push(
      filter.reviewed === 'true'
        ? isNotNull(baselineRequests.reviewedAt)
        : isNull(baselineRequests.reviewedAt),
    );
  }
  return q
    .select()
    .from(baselineRequests)
    .where(and(...conditions))
    .orderBy(asc(baselineRequests.position))
    .limit(filter.limit)
    .offset(filter.offset);
}

/** Sets a recognised request's type (null: not a request), recomputes Table 2 and retrains. */
export async function reviewRequest(
  db: Db,
  actor: Actor,
  name: string,
  requestId: string,
  type: RequestTypeKey | null,
): Promise<{ request: BaselineRequestRow; baseline: BaselineRow }> {
  return withTransaction(db, actor, async (tx) => {
    const [baseline] = await tx.select().from(baselines).where(eq(baselines.name, name)).for('update');
    if (!baseline) throw notFound(`The baseline ${name}`);
    const [request] = await tx
      .update(baselineRequests)
      .set({ type, reviewedBy: actor.label, reviewedAt: new Date() })
      .where(and(eq(baselineRequests.id, requestId), eq(baselineRequests.baselineId, baseline.id)))
      .returning();
    if (!request) throw notFound(`The request ${requestId} of the baseline ${name}`);
    const all = await tx
      .select({ type: baselineRequests.type, at: baselineRequests.at, answerAt: baselineRequests.answerAt })
      .from(baselineRequests)
      .where(eq(baselineRequests.baselineId, baseline.id));
    const table = recomputeBaseline(
      all.map((row) => ({
        type: row.type === null ? null : requestTypeKeySchema.parse(row.type),
        at: row.at,
        answer: row.answerAt ? { at: row.answerAt } : null,
      })),
    );
    const [updated] = await tx
      .update(baselines)
      .set({ table, updatedAt: new Date() })
      .where(eq(baselines.id, baseline.id))
      .returning();
    await keepCorrection(tx, { requestId: request.id, text: request.text, label: type, by: actor.label });
    await retrainModel(tx);
    return { request, baseline: updated! };
  });
}
