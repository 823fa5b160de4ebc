// Table names come from requesters. They are checked here for shape, then matched exactly
// against the database's own catalog, and only ever reach SQL through these quoting functions.
import type { DatabaseEngine } from '../types.js';

/** `"name"` with embedded double quotes doubled (PostgreSQL, SQL standard). */
export function quotePgIdentifier(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

export function qualifiedPgName(schema: string, table: string): string {
  return quotePgIdentifier(schema) + '.' + quotePgIdentifier(table);
}

/** `` `name` `` with embedded backticks doubled (MySQL, MariaDB). */
export function quoteMysqlIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

const pgMaxIdentifierBytes = 63;
const mysqlMaxIdentifierChars = 64;

/** Why `name` cannot name a table or collection on `engine`, or null when it can. */
export function tableNameProblem(engine: DatabaseEngine, name: string): string | null {
  if (name.length === 0) return 'A table name cannot be empty';
  if (name.includes('\0')) return `Table name \`${printable(name)}\` contains a NUL character`;
  switch (engine) {
    case 'postgres':
      return Buffer.byteLength(name, 'utf8') > pgMaxIdentifierBytes
        ? `Table name \`${name}\` is longer than PostgreSQL allows (${pgMaxIdentifierBytes} bytes)`
        : null;
    case 'mysql':
      if ([...name].length > mysqlMaxIdentifierChars) {
        return `Table name \`${name}\` is longer than MySQL allows (${mysqlMaxIdentifierChars} characters)`;
      }
      return name.endsWith(' ')
        ? `Table name \`${name}\` ends with a space, which MySQL does not allow`
        : null;
    case 'mongodb':
      if (name.includes('$'))
        return `Collection name \`${name}\` contains \`$\`, which MongoDB does not allow`;
      return name.startsWith('system.')
        ? `Collection \`${name}\` is a MongoDB system collection and cannot be copied`
        : null;
  }
}

function printable(name: string): string {
  return name.replaceAll('\0', '\\0');
}

/**
 * The database a MongoDB connection string names (`mongodb://host/shop?…` → `shop`), or null.
 * The driver would silently fall back to `test` without one, which is never what was meant.
 */
export function mongoDatabaseName(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(url);
  const encoded = match?.[1];
  if (!encoded) return null;
  return decodeURIComponent(encoded);
}

/** Requested names in their first order, each once. */
export function distinctTables(tables: readonly string[]): string[] {
  return [...new Set(tables)];
}
