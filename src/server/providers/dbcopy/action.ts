// `database.copy`: the fulfilment of the "Copy Database Data" request type (paper, Table 4):
// the listed tables or collections of one staging environment's database are copied into
// another's, and the target must end with as many rows as the source.
import { z } from 'zod';
import {
  type ActionDefinition,
  type DatabaseConnection,
  databaseEngines,
  type EnvironmentRecord,
  PermanentProviderError,
  type PreflightProblem,
  type ProviderContext,
  TransientProviderError,
} from '../types.js';
import { formatCount } from './format.js';
import { distinctTables, tableNameProblem } from './identifiers.js';
import { copyProblems, copyTables, databaseExists, missingTables } from './index.js';

/** A list, or the text of a form field: names separated by commas or new lines. */
const tableList = z
  .union([z.array(z.string()), z.string().transform((text) => text.split(/[,\n]/))])
  .transform((names) => distinctTables(names.map((name) => name.trim()).filter((name) => name !== '')))
  .pipe(z.array(z.string()).min(1, 'Name at least one table to copy'));

export const databaseCopyParams = z.object({
  sourceEnvironment: z.string().trim().min(1),
  targetEnvironment: z.string().trim().min(1),
  engine: z.enum(databaseEngines),
  database: z.string().trim().min(1),
  tables: tableList,
});
export type DatabaseCopyParams = z.infer<typeof databaseCopyParams>;

type EnvironmentParam = 'sourceEnvironment' | 'targetEnvironment';

/** The environment, or why it cannot take part in a copy. */
async function findEnvironment(
  ctx: ProviderContext,
  name: string,
): Promise<{ environment: EnvironmentRecord } | { problem: string }> {
  const environment = await ctx.lookupEnvironment(name);
  if (!environment) return { problem: `Environment \`${name}\` does not exist` };
  if (environment.state === 'terminated') return { problem: `Environment \`${name}\` has been terminated` };
  return { environment };
}

/** The connection of the requested database on `environment`, or why there is none. */
function findConnection(
  environment: EnvironmentRecord,
  params: DatabaseCopyParams,
): { connection: DatabaseConnection } | { problem: string } {
  const named = environment.databases.filter((database) => database.name === params.database);
  const record = named.find((database) => database.engine === params.engine);
  if (!record) {
    const other = named[0];
    return {
      problem: other
        ? `Database \`${params.database}\` on ${environment.name} is a ${other.engine} database, not ${params.engine}`
        : `Environment ${environment.name} has no ${params.engine} database \`${params.database}\``,
    };
  }
  if (!record.connection) {
    return {
      problem:
        `Opsdesk has no connection details for database \`${params.database}\` on ${environment.name}; ` +
        'an administrator has to add them to the environment',
    };
  }
  return { connection: record.connection };
}

interface Endpoint {
  environment: EnvironmentRecord;
  connection: DatabaseConnection;
}

async function preflightEndpoint(
  ctx: ProviderContext,
  params: DatabaseCopyParams,
  param: EnvironmentParam,
  problems: PreflightProblem[],
): Promise<Endpoint | null> {
  const found = await findEnvironment(ctx, params[param]);
  if ('problem' in found) {
    problems.push({ param, message: found.problem });
    return null;
  }
  const database = findConnection(found.environment, params);
  if ('problem' in database) {
    problems.push({ param: 'database', message: database.problem });
    return null;
  }
  return { environment: found.environment, connection: database.connection };
}

/** Problems with the database on one side, and the tables it lacks. */
async function checkDatabase(
  params: DatabaseCopyParams,
  endpoint: Endpoint,
  side: 'source' | 'target',
  tables: string[],
  ctx: ProviderContext,
): Promise<{ problems: PreflightProblem[]; missing: string[] }> {
  const options = { side, signal: ctx.signal };
  if (!(await databaseExists(params.engine, endpoint.connection, options))) {
    const message = `Database \`${params.database}\` does not exist on ${endpoint.environment.name}`;
    return { problems: [{ param: 'database', message }], missing: tables };
  }
  const missing =
    tables.length === 0 ? [] : await missingTables(params.engine, endpoint.connection, tables, options);
  const problems = missing.map((table) => ({
    param: 'tables',
    message: `Table \`${table}\` does not exist in database \`${params.database}\` on ${endpoint.environment.name}`,
  }));
  return { problems, missing };
}

/**
 * Read-only. Returns the requester's mistakes as problems (unknown environment, database or
 * table, same source and target, tables whose shapes differ). Throws TransientProviderError
 * when a database cannot be reached, and PermanentProviderError when Opsdesk's own access is
 * refused: neither is the requester's doing.
 */
async function preflight(ctx: ProviderContext, params: DatabaseCopyParams): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  if (params.sourceEnvironment === params.targetEnvironment) {
    problems.push({
      param: 'targetEnvironment',
      message: 'The target environment must differ from the source',
    });
  }
  for (const table of params.tables) {
    const problem = tableNameProblem(params.engine, table);
    if (problem) problems.push({ param: 'tables', message: problem });
  }
  const source = await preflightEndpoint(ctx, params, 'sourceEnvironment', problems);
  const target = await preflightEndpoint(ctx, params, 'targetEnvironment', problems);
  if (problems.length > 0 || !source || !target) return problems;

  const inSource = await checkDatabase(params, source, 'source', params.tables, ctx);
  problems.push(...inSource.problems);
  // MongoDB creates a database and its collections on the first insert. A table missing from
  // the source is reported once, not again for the target.
  if (params.engine !== 'mongodb') {
    const copyable = params.tables.filter((table) => !inSource.missing.includes(table));
    problems.push(...(await checkDatabase(params, target, 'target', copyable, ctx)).problems);
  }
  if (problems.length > 0) return problems;

  const refusals = await copyProblems({
    engine: params.engine,
    source: source.connection,
    target: target.connection,
    tables: params.tables,
    signal: ctx.signal,
  });
  return refusals.map((message) => ({ param: 'tables', message }));
}

async function requireEndpoint(ctx: ProviderContext, params: DatabaseCopyParams, param: EnvironmentParam) {
  const found = await findEnvironment(ctx, params[param]);
  if ('problem' in found) throw new PermanentProviderError(found.problem, { code: 'environment_missing' });
  const database = findConnection(found.environment, params);
  if ('problem' in database) throw new PermanentProviderError(database.problem, { code: 'database_missing' });
  return { environment: found.environment, connection: database.connection };
}

/** The same failure, saying what was being copied where. */
function inContext(error: unknown, context: string): unknown {
  if (error instanceof TransientProviderError) {
    return new TransientProviderError(`${context}: ${error.message}`, {
      cause: error,
      retryAfterMs: error.options.retryAfterMs,
    });
  }
  if (error instanceof PermanentProviderError) {
    return new PermanentProviderError(`${context}: ${error.message}`, {
      cause: error,
      code: error.options.code,
    });
  }
  return error;
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export const databaseCopyAction: ActionDefinition<DatabaseCopyParams> = {
  name: 'database.copy',
  title: 'Copy database data',
  description:
    "Copies the listed tables (MongoDB: collections) of one staging environment's database into the same " +
    "database of another, replacing the target tables' rows, and checks that both end with the same row counts.",
  params: databaseCopyParams,
  preflight,

  async run(ctx, params) {
    if (params.sourceEnvironment === params.targetEnvironment) {
      throw new PermanentProviderError('The target environment must differ from the source', {
        code: 'same_environment',
      });
    }
    const source = await requireEndpoint(ctx, params, 'sourceEnvironment');
    const target = await requireEndpoint(ctx, params, 'targetEnvironment');
    const route = `\`${params.database}\` from ${source.environment.name} to ${target.environment.name}`;
    ctx.log(`Copying ${plural(params.tables.length, 'table')} of ${route}`);
    try {
      const result = await copyTables({
        engine: params.engine,
        source: source.connection,
        target: target.connection,
        tables: params.tables,
        log: (line) => ctx.log(line),
        signal: ctx.signal,
      });
      const rows = result.tables.reduce((sum, table) => sum + table.targetRows, 0);
      return {
        summary:
          `Copied ${plural(result.tables.length, 'table')} (${plural(rows, 'row')}) from ` +
          `${source.environment.name} to ${target.environment.name} — row counts match`,
        outputs: { tables: result.tables.map((table) => table.name), rows },
      };
    } catch (error) {
      throw inContext(error, `Copying ${route} failed`);
    }
  },
};
