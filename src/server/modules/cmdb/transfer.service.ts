// Import and export of CIs: CSV of a class, YAML of a CI and everything it depends on. An import
// is idempotent (CIs matched by external id, else class and name), all or nothing (one
// transaction; every problem named by row and field, then nothing is kept), and a dry run says
// what it would change and keeps nothing.
import { and, asc, eq } from 'drizzle-orm';
import { ciRelationTypes } from '../../../shared/api/cmdb.js';
import type { AppContext } from '../../context.js';
import { type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { DomainError, type FieldProblem, validationFailed } from '../../lib/errors.js';
import type { Principal } from '../identity/index.js';
import { type CiRow, changeCi, cisByIds, findCiByExternalId, insertCi, resolveCi } from './cis.service.js';
import { classOf } from './classes.service.js';
import { type CiRelationType, type CiStatus, ciStatuses, cis } from './cmdb.schema.js';
import { causeOf, references } from './cmdb.service.js';
import { cisToApi } from './cmdb.view.js';
import { impactOf } from './impact.service.js';
import { addRelation, relationsOf } from './relations.service.js';
import {
  csvRow,
  exportColumns,
  type ImportRow,
  type ParsedImport,
  parseCsv,
  parseYaml,
  toYaml,
} from './transfer.js';

export interface ImportRequest {
  format: 'csv' | 'yaml';
  class?: string | undefined;
  content: string;
  dryRun: boolean;
  ticket?: string | undefined;
}
export interface ImportChange {
  at: string;
  action: 'create' | 'update' | 'unchanged' | 'relate';
  class: string;
  name: string;
  fields: string[];
}
export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  relationsAdded: number;
  changes: ImportChange[];
}

class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/** A domain error's problems, each prefixed with the row it came from. */
function problemsOf(error: unknown, at: string): FieldProblem[] {
  if (!(error instanceof DomainError) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
  const details = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
  if (details.length === 0) return [{ field: at, message: error.message }];
  return details.map((problem) => ({ field: `${at}.${problem.field}`, message: problem.message }));
}

function changedFields(before: CiRow, after: CiRow): string[] {
  const fields: string[] = [];
  for (const key of ['name', 'status', 'teamId', 'tags'] as const)
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      fields.push(key === 'teamId' ? 'team' : key);
  for (const key of new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]))
    if (JSON.stringify(before.attributes[key]) !== JSON.stringify(after.attributes[key]))
      fields.push(`attributes.${key}`);
  return fields;
}

async function existingOf(tx: Tx, row: ImportRow): Promise<CiRow | undefined> {
  for (const external of row.externalIds ?? []) {
    const found = await findCiByExternalId(tx, external.source, external.externalId);
    if (found) return found;
  }
  const found = await resolveCi(tx, row.name, { field: 'name', classKey: row.class }).catch(() => undefined);
  return found?.classKey === row.class ? found : undefined;
}

export async function importCis(
  context: AppContext,
  principal: Principal,
  request: ImportRequest,
  requestId?: string,
): Promise<ImportResult> {
  const cause = { ...(await causeOf(context, principal, request.ticket, requestId)), via: 'import' };
  let parsed: ParsedImport;
  if (request.format === 'csv') {
    if (!request.class)
      throw validationFailed([{ field: 'class', message: 'a CSV holds one class: name it.' }]);
    const cls = await classOf(context.db, request.class);
    parsed = parseCsv(cls.key, request.content, cls.attributes);
  } else parsed = parseYaml(request.content);
  const problems = [...parsed.problems];
  if (problems.length) throw validationFailed(problems, 'The file has errors; nothing was imported');

  const result: ImportResult = {
    dryRun: request.dryRun,
    created: 0,
    updated: 0,
    unchanged: 0,
    relationsAdded: 0,
    changes: [],
  };
  try {
    await withTransaction(context.db, cause.actor, async (tx) => {
      for (const row of parsed.rows) {
        try {
          await tx.transaction(async (savepoint) => {
            const sp = savepoint as Tx;
            if (row.status && !ciStatuses.includes(row.status as CiStatus))
              throw validationFailed([{ field: 'status', message: `one of ${ciStatuses.join(', ')}.` }]);
            const refs = await references(context, { team: row.team }, sp);
            const status = row.status as CiStatus | undefined;
            const existing = await existingOf(sp, row);
            if (!existing) {
              const attributes = Object.fromEntries(
                Object.entries(row.attributes ?? {}).filter(([, value]) => value !== null),
              );
              await insertCi(
                sp,
                {
                  classKey: row.class,
                  name: row.name,
                  status,
                  attributes,
                  tags: row.tags,
                  ...refs,
                  source: 'import',
                  externalIds: row.externalIds,
                },
                cause,
              );
              result.created++;
              result.changes.push({
                at: row.at,
                action: 'create',
                class: row.class,
                name: row.name,
                fields: [],
              });
              return;
            }
            const after = await changeCi(
              sp,
              existing.id,
              { name: row.name, status, attributes: row.attributes, tags: row.tags, ...refs },
              cause,
            );
            const fields = after.version === existing.version ? [] : changedFields(existing, after);
            if (fields.length) result.updated++;
            else result.unchanged++;
            result.changes.push({
              at: row.at,
              action: fields.length ? 'update' : 'unchanged',
              class: row.class,
              name: row.name,
              fields,
            });
          });
        } catch (error) {
          problems.push(...problemsOf(error, row.at));
        }
      }
      for (const relation of parsed.relations) {
        try {
          await tx.transaction(async (savepoint) => {
            const sp = savepoint as Tx;
            if (!ciRelationTypes.includes(relation.type as CiRelationType))
              throw validationFailed([{ field: 'type', message: `one of ${ciRelationTypes.join(', ')}.` }]);
            const source = await resolveCi(sp, relation.source, { field: 'source' });
            const target = await resolveCi(sp, relation.target, { field: 'target' });
            const added = await addRelation(sp, source, relation.type as CiRelationType, target, cause, {
              ifMissing: true,
            });
            if (added) {
              result.relationsAdded++;
              result.changes.push({
                at: relation.at,
                action: 'relate',
                class: source.classKey,
                name: `${source.name} ${relation.type} ${target.name}`,
                fields: [],
              });
            }
          });
        } catch (error) {
          problems.push(...problemsOf(error, relation.at));
        }
      }
      if (problems.length) throw validationFailed(problems, 'The import has errors; nothing was imported');
      if (request.dryRun) throw new DryRun(result);
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
  return result;
}

/** Every CI of a class as CSV rows (name order). */
export async function exportClassCsv(db: Queryable, classKey: string) {
  const cls = await classOf(db, classKey, 'key');
  const rows = await db
    .select()
    .from(cis)
    .where(and(eq(cis.classKey, cls.key)))
    .orderBy(asc(cis.name));
  const api = await cisToApi(db, rows);
  return {
    columns: exportColumns(cls.attributes),
    rows: api.map((ci) => csvRow({ ...ci, team: ci.team?.key ?? null }, cls.attributes)),
  };
}

/** A CI and everything it depends on (transitively), with the relations among them, as YAML. */
export async function exportSubtreeYaml(db: Queryable, root: CiRow): Promise<string> {
  const entries = await impactOf(db, root.id, 'up', 50);
  const ids = [root.id, ...entries.map((entry) => entry.ci.id)];
  const byId = await cisByIds(db, ids);
  const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
  const api = await cisToApi(db, rows);
  const inSet = new Set(ids);
  const ref = (id: string) => `${byId.get(id)!.classKey}/${byId.get(id)!.name}`;
  const relations = (await relationsOf(db, ids))
    .filter((relation) => inSet.has(relation.sourceId) && inSet.has(relation.targetId))
    .map((relation) => ({
      source: ref(relation.sourceId),
      type: relation.type,
      target: ref(relation.targetId),
    }));
  return toYaml({
    cis: api.map((ci) => ({
      class: ci.class,
      name: ci.name,
      status: ci.status,
      ...(ci.team ? { team: ci.team.key } : {}),
      ...(ci.tags.length ? { tags: ci.tags } : {}),
      attributes: ci.attributes,
      ...(ci.externalIds.length ? { externalIds: ci.externalIds } : {}),
    })),
    relations,
  });
}
