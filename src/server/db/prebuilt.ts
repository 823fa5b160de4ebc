// Hot statements whose SQL text is built once per process instead of on every execution.
// Drizzle walks a query's whole tree (every column, every nested subquery) each time it runs one:
// 100–550 µs of the server's CPU for a wide select, insert or update, about a fifth of what a
// request lifecycle costs Node. A statement whose shape never changes is written once, its
// changing values as placeholders (`p.name`), and runs with Drizzle's own execution and row mapping
// on whichever `Queryable` it is given (the pool or a transaction).
import {
  type DriverValueEncoder,
  fillPlaceholders,
  is,
  Param,
  Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Db, Queryable } from './client.js';

/** What Drizzle's prepared query is, as far as running it goes. */
interface PreparedQuery {
  joinsNotNullableMap?: unknown;
  execute(placeholderValues?: Record<string, unknown>): Promise<unknown>;
}
interface Session {
  prepareQuery(...args: unknown[]): PreparedQuery;
}
/** A Drizzle select, insert, update or delete builder (they all prepare through their session). */
interface Buildable<T> extends PromiseLike<T> {
  getSQL(): SQL;
}

// A database with no connection whose session only records what a builder would prepare: the
// query (text, parameters with placeholders), the fields that map rows, and the rest of the call.
const recorderDb = drizzle.mock();
let recording: { args: unknown[]; query: { joinsNotNullableMap?: unknown } } | null = null;
(recorderDb as unknown as { session: Session }).session.prepareQuery = (...args: unknown[]) => {
  const query = {
    joinsNotNullableMap: undefined as unknown,
    setToken() {
      return this;
    },
  };
  recording = { args, query };
  return query as unknown as PreparedQuery;
};

/** A parameter filled per execution: from `p`'s property `name`, through the column's encoder if any. */
interface Slot {
  index: number;
  name: string;
  encoder: DriverValueEncoder<unknown, unknown> | null;
}

/** Placeholders standing for the values of one execution: `p.id` is `sql.placeholder('id')`. */
const placeholders = new Proxy({} as Record<string, unknown>, {
  get: (_target, name) => (typeof name === 'string' ? sql.placeholder(name) : undefined),
});

export interface Prebuilt<P extends Record<string, unknown>, T> {
  /** The statement's SQL text, as built once. */
  text: string;
  /** Values `build` is checked with (see `compare` and `prebuiltStatements`). */
  example: P;
  /** Runs the statement on the pool or in a transaction with these values. */
  run(db: Queryable, values: P): Promise<T>;
  /** The SQL text and parameters sent for `values`, and what building the statement anew gives (tests). */
  compare(values: P): {
    prebuilt: { sql: string; params: unknown[] };
    direct: { sql: string; params: unknown[] };
  };
}

/**
 * Builds `build`'s statement once, with `p`'s properties as placeholders; `run` executes it. `build`
 * must give the same shape for any values (no branching on `p`), and a value compared with a
 * column whose driver encoding matters (timestamps, jsonb), or an array in `sql` text, goes through
 * `sql.param(p.x, column)` (or `sql.param(p.list)`):
 * `compare` shows both forms send the same text and parameters; a test asserts it for every
 * prebuilt statement with its `example` values.
 */
export function prebuilt<P extends Record<string, unknown>, T>(
  build: (db: Db, p: P) => Buildable<T>,
  example: P,
): Prebuilt<P, T> {
  const builder = build(recorderDb, placeholders as P) as unknown as { _prepare(): unknown };
  recording = null;
  builder._prepare();
  const captured = recording as { args: unknown[]; query: { joinsNotNullableMap?: unknown } } | null;
  recording = null;
  if (!captured) throw new Error('prebuilt: the builder did not prepare a query');
  const { args } = captured;
  const joins = captured.query.joinsNotNullableMap;
  const query = args[0] as { sql: string; params: unknown[] };
  // Each parameter that carries a value of `p` is sent as a slot filled per execution, encoded as
  // Drizzle encodes a value when it builds anew: with the column's encoder, except null stays null
  // (filling a placeholder would encode null too: jsonb 'null', a timestamp's crash).
  const slots = query.params.flatMap((param, index): Slot[] => {
    if (is(param, Placeholder)) return [{ index, name: param.name, encoder: null }];
    if (is(param, Param) && is(param.value, Placeholder))
      return [{ index, name: (param.value as Placeholder).name, encoder: param.encoder }];
    return [];
  });
  const sent = { ...query, params: [...query.params] };
  for (const slot of slots) sent.params[slot.index] = sql.placeholder(String(slot.index));
  const sentArgs = [sent, ...args.slice(1)];
  const slotValues = (values: P) => {
    const filled: Record<string, unknown> = {};
    for (const slot of slots) {
      const value = values[slot.name];
      if (value === undefined) throw new Error(`prebuilt: no value for ${slot.name} (null, not undefined)`);
      filled[slot.index] =
        value === null || slot.encoder === null ? value : slot.encoder.mapToDriverValue(value);
    }
    return filled;
  };
  const statement: Prebuilt<P, T> = {
    text: query.sql,
    example,
    run(db, values) {
      const prepared = (db as unknown as { session: Session }).session.prepareQuery(...sentArgs);
      if (joins !== undefined) prepared.joinsNotNullableMap = joins;
      return prepared.execute(slotValues(values)) as Promise<T>;
    },
    compare(values) {
      const direct = (
        build(recorderDb, values) as unknown as { toSQL(): { sql: string; params: unknown[] } }
      ).toSQL();
      return {
        prebuilt: { sql: sent.sql, params: fillPlaceholders(sent.params, slotValues(values)) },
        direct: { sql: direct.sql, params: direct.params },
      };
    },
  };
  statements.push(statement as Prebuilt<Record<string, unknown>, unknown>);
  return statement;
}

const statements: Prebuilt<Record<string, unknown>, unknown>[] = [];

/** Every statement built so far (those of the modules loaded). */
export function prebuiltStatements(): readonly Prebuilt<Record<string, unknown>, unknown>[] {
  return statements;
}
