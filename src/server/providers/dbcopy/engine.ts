// What each database engine (postgres.ts, mysql.ts, mongodb.ts) provides to copyTables.
import type { DatabaseConnection } from '../types.js';
import type { Side } from './errors.js';

export interface CopyJob {
  source: DatabaseConnection;
  target: DatabaseConnection;
  /** Valid, distinct names. */
  tables: string[];
  log: (line: string) => void;
  signal: AbortSignal;
}

export interface SourceCount {
  name: string;
  /** Counted in the same snapshot the rows were read from, where the engine has snapshots. */
  sourceRows: number;
}

export interface CopyEngine {
  /** False when the server answers but has no such database (or schema); throws when unreachable. */
  databaseExists(connection: DatabaseConnection, side: Side, signal: AbortSignal): Promise<boolean>;
  /** The names among `tables` that the database does not hold as tables (or collections). */
  missingTables(
    connection: DatabaseConnection,
    tables: readonly string[],
    side: Side,
    signal: AbortSignal,
  ): Promise<string[]>;
  /** Read-only: every reason copying these tables would be refused (missing tables, shapes …). */
  copyProblems(job: Omit<CopyJob, 'log'>): Promise<string[]>;
  /** Empties the listed tables of the target and loads the source's rows into them. */
  copy(job: CopyJob): Promise<SourceCount[]>;
  countRows(
    connection: DatabaseConnection,
    tables: readonly string[],
    side: Side,
    signal: AbortSignal,
  ): Promise<Map<string, number>>;
}
