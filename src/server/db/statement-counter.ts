// Counts the SQL statements a process sends to PostgreSQL, for the statement budget of the core
// loop (issue 18) and for benches. Every `pg.Client#query` call is one statement (BEGIN and
// COMMIT included); statements are attributed to the scope they were sent from (`inScope`: an
// HTTP call, a job) or to "other" (graphile-worker fetching and completing jobs, idle polls).
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

export interface CountedStatement {
  scope: string;
  text: string;
}

const scopes = new AsyncLocalStorage<string>();
let counting = false;

/**
 * Runs `work` with its statements attributed to `scope` while a counter runs (otherwise just runs
 * it: no async-context tracking in production).
 */
export function inScope<T>(scope: string, work: () => T): T {
  return counting ? scopes.run(scope, work) : work();
}

export interface StatementCounter {
  statements: CountedStatement[];
  /** Statements counted so far, grouped by scope. */
  byScope(): Record<string, number>;
  reset(): void;
  stop(): void;
}

/**
 * Starts counting the statements of every pg client whose `application_name` is `applicationName`
 * (so a test's own observer connection is not counted). One counter at a time.
 */
export function countStatements(applicationName: string): StatementCounter {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const statements: CountedStatement[] = [];
  counting = true;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const name = (this as unknown as { connectionParameters?: { application_name?: string } })
      .connectionParameters?.application_name;
    if (name === applicationName) {
      const config = args[0];
      const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '');
      statements.push({ scope: scopes.getStore() ?? 'other', text });
    }
    return original.apply(this, args);
  };
  return {
    statements,
    byScope() {
      const counts: Record<string, number> = {};
      for (const statement of statements) counts[statement.scope] = (counts[statement.scope] ?? 0) + 1;
      return counts;
    },
    reset() {
      statements.length = 0;
    },
    stop() {
      counting = false;
      prototype.query = original;
    },
  };
}
