// What a copy will do, decided from the two databases' catalogs before anything is written:
// which tables and columns, in which order, and every reason it cannot go ahead.

/** A column as the copy sees it (generated columns are left out: the target computes them). */
export interface ColumnShape {
  name: string;
  /** Compared between source and target: the base type name, without length or precision. */
  typeKey: string;
  /** Shown to people: `numeric(12,2)`, `character varying(80)`. */
  typeLabel: string;
  /** NOT NULL without a default: an insert that leaves it out fails. */
  required: boolean;
  /** A type every database has under the same id (PostgreSQL binary COPY is safe for it). */
  builtin: boolean;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
}

export interface ForeignKey {
  name: string;
  /** The referencing table; schema-qualified when it lives in another schema. */
  table: string;
  referencedTable: string;
  /** DEFERRABLE constraints are checked at commit, so load order does not matter for them. */
  deferrable: boolean;
}

export interface Catalog {
  /** The requested tables that exist (views and other non-tables are absent). */
  tables: TableShape[];
  /** Foreign keys that reference, or are held by, one of the requested tables. */
  foreignKeys: ForeignKey[];
}

export interface CopyStep {
  table: string;
  /** In source order; the same names are written on the target. */
  columns: string[];
  /** Every column has a built-in type on both sides. */
  binarySafe: boolean;
}

export interface CopyPlan {
  /** Referenced tables before the tables that reference them, where a plain order exists. */
  steps: CopyStep[];
  /** Non-deferrable foreign keys among the listed tables form a cycle: no load order works. */
  cyclicForeignKeys: boolean;
  problems: string[];
}

export function planCopy(tables: readonly string[], source: Catalog, target: Catalog): CopyPlan {
  const problems: string[] = [];
  const sourceTables = new Map(source.tables.map((table) => [table.name, table]));
  const targetTables = new Map(target.tables.map((table) => [table.name, table]));
  const steps: CopyStep[] = [];

  for (const name of tables) {
    const sourceTable = sourceTables.get(name);
    const targetTable = targetTables.get(name);
    if (!sourceTable) problems.push(`Table \`${name}\` does not exist in the source database`);
    if (!targetTable) problems.push(`Table \`${name}\` does not exist in the target database`);
    if (!sourceTable || !targetTable) continue;
    const shapeProblems = columnProblems(sourceTable, targetTable);
    problems.push(...shapeProblems);
    if (shapeProblems.length === 0) steps.push(stepFor(sourceTable, targetTable));
  }
  problems.push(...unlistedReferenceProblems(tables, target.foreignKeys));

  const { order, cyclic } = loadOrder(
    steps.map((step) => step.table),
    target.foreignKeys,
  );
  const stepByTable = new Map(steps.map((step) => [step.table, step]));
  return {
    steps: order.map((table) => stepByTable.get(table)!),
    cyclicForeignKeys: cyclic,
    problems,
  };
}

function stepFor(source: TableShape, target: TableShape): CopyStep {
  const targetColumns = new Map(target.columns.map((column) => [column.name, column]));
  return {
    table: source.name,
    columns: source.columns.map((column) => column.name),
    binarySafe: source.columns.every((column) => column.builtin && targetColumns.get(column.name)?.builtin),
  };
}

function columnProblems(source: TableShape, target: TableShape): string[] {
  const problems: string[] = [];
  const targetColumns = new Map(target.columns.map((column) => [column.name, column]));
  const sourceNames = new Set(source.columns.map((column) => column.name));
  for (const column of source.columns) {
    const counterpart = targetColumns.get(column.name);
    if (!counterpart) {
      problems.push(
        `Table \`${source.name}\`: column \`${column.name}\` exists in the source but not in the target`,
      );
    } else if (counterpart.typeKey !== column.typeKey) {
      problems.push(
        `Table \`${source.name}\`: column \`${column.name}\` is ${column.typeLabel} in the source ` +
          `but ${counterpart.typeLabel} in the target`,
      );
    }
  }
  for (const column of target.columns) {
    if (column.required && !sourceNames.has(column.name)) {
      problems.push(
        `Table \`${source.name}\`: the target requires column \`${column.name}\`, which the source does not have`,
      );
    }
  }
  return problems;
}

/**
 * Emptying a table that an unlisted table references would either fail, cascade into the
 * unlisted table, or leave it pointing at rows that no longer exist. None is a faithful copy.
 */
function unlistedReferenceProblems(tables: readonly string[], foreignKeys: readonly ForeignKey[]): string[] {
  const listed = new Set(tables);
  return foreignKeys
    .filter((key) => listed.has(key.referencedTable) && !listed.has(key.table))
    .map(
      (key) =>
        `Table \`${key.table}\` refers to \`${key.referencedTable}\` (foreign key \`${key.name}\`) ` +
        `but is not in the list: emptying \`${key.referencedTable}\` would break it. ` +
        `Add \`${key.table}\` to the tables to copy.`,
    );
}

/**
 * Kahn's algorithm over the non-deferrable foreign keys between listed tables, keeping the
 * requested order among independent tables. Self-references need no order: PostgreSQL checks
 * them at the end of the COPY statement.
 */
export function loadOrder(
  tables: readonly string[],
  foreignKeys: readonly ForeignKey[],
): { order: string[]; cyclic: boolean } {
  const listed = new Set(tables);
  const waitingOn = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const key of foreignKeys) {
    if (key.deferrable || key.table === key.referencedTable) continue;
    if (!listed.has(key.table) || !listed.has(key.referencedTable)) continue;
    waitingOn.get(key.table)!.add(key.referencedTable);
  }
  const order: string[] = [];
  const remaining = [...tables];
  while (remaining.length > 0) {
    const nextIndex = remaining.findIndex((table) => waitingOn.get(table)!.size === 0);
    if (nextIndex === -1) return { order: [...order, ...remaining], cyclic: true };
    const [next] = remaining.splice(nextIndex, 1) as [string];
    order.push(next);
    for (const dependencies of waitingOn.values()) dependencies.delete(next);
  }
  return { order, cyclic: false };
}

export interface CountedTable {
  name: string;
  sourceRows: number;
  targetRows: number;
}

/** "orders: source 120,000, target 119,998" for each table whose counts differ. */
export function countMismatches(tables: readonly CountedTable[]): string[] {
  return tables
    .filter((table) => table.sourceRows !== table.targetRows)
    .map(
      (table) =>
        `\`${table.name}\`: ${table.sourceRows.toLocaleString('en-US')} rows in the source, ` +
        `${table.targetRows.toLocaleString('en-US')} in the target`,
    );
}
