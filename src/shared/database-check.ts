// What a request form can tell about a database copy from the inventory alone, before it is filed:
// the database exists on each environment (with that engine), and the tables exist in it, where
// the inventory lists them. The server still verifies against the databases themselves (the
// action's preflight, which reads the same inventory for the connections).
import type { FieldProblem, FieldValues } from './fields.js';

/** Which form fields carry a database copy's parts (derived from the type's fulfilment spec). */
export interface DatabaseCheck {
  /** Environment fields, the source first; a MongoDB target's collections are created on insert. */
  environments: string[];
  engine: string;
  database: string;
  tables: string;
}

export interface InventoryDatabase {
  engine: string;
  name: string;
  tables?: Record<string, number> | undefined;
}

export interface InventoryEnvironment {
  name: string;
  databases?: InventoryDatabase[] | undefined;
}

const engineNames: Record<string, string> = { postgres: 'PostgreSQL', mysql: 'MySQL', mongodb: 'MongoDB' };

/** The problems the inventory shows (none when a part is missing: the field rules report that). */
export function databaseCheckProblems(
  check: DatabaseCheck,
  values: FieldValues,
  environments: InventoryEnvironment[],
): FieldProblem[] {
  const engine = values[check.engine];
  const database = values[check.database];
  if (typeof engine !== 'string' || typeof database !== 'string' || !engine || !database) return [];
  const tables = Array.isArray(values[check.tables]) ? (values[check.tables] as unknown[]) : [];
  const problems: FieldProblem[] = [];
  const missingDatabase: string[] = [];
  const missingTables = new Map<string, string[]>();
  check.environments.forEach((field, index) => {
    const name = values[field];
    if (typeof name !== 'string') return;
    const environment = environments.find((candidate) => candidate.name === name);
    if (!environment?.databases) return;
    const found = environment.databases.find((item) => item.engine === engine && item.name === database);
    if (!found) {
      missingDatabase.push(name);
      return;
    }
    if (!found.tables || (engine === 'mongodb' && index > 0)) return;
    for (const table of tables) {
      if (typeof table === 'string' && !(table in found.tables))
        missingTables.set(table, [...(missingTables.get(table) ?? []), name]);
    }
  });
  if (missingDatabase.length > 0) {
    problems.push({
      field: check.database,
      message: `There is no ${engineNames[engine] ?? engine} database "${database}" on ${missingDatabase.join(' or ')}.`,
    });
  }
  if (missingTables.size > 0) {
    problems.push({
      field: check.tables,
      message: [...missingTables]
        .map(
          ([table, where]) => `Table "${table}" does not exist in "${database}" on ${where.join(' and ')}.`,
        )
        .join(' '),
    });
  }
  return problems;
}
