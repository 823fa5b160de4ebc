// Server-side prepared statements for the statements a process sends again and again (issue 18).
//
// PostgreSQL parses and plans every unnamed statement anew: in the core loop that was ~14 ms of
// its ~47 ms CPU per lifecycle (pg_stat_statements with track_planning), the big single-statement
// writes (a transition with its history, a notification dispatch) costing 0.5–1.5 ms of planning
// each. A named statement is parsed once per connection, and after five executions PostgreSQL
// may keep a generic plan and skip planning altogether (plan_cache_mode auto: it keeps planning
// per execution where a custom plan is estimated cheaper, so skewed searches lose nothing).
//
// Which statements: any parameterised statement (those go over the extended protocol already, so
// a name changes nothing but the caching) whose exact text this process has sent `hotAfter` times,
// up to `maxNamed` texts per process; a connection therefore holds at most `maxNamed` prepared
// statements. Dynamic texts (searches with varying filters, IN lists) mostly never get hot or fall
// beyond the cap and stay unnamed. Names are given per process in order of heat (`opsdesk_<n>`),
// so one text has one name on every connection. Off with OPSDESK_DB_PREPARE=off (e.g. behind a
// transaction-pooling proxy that cannot keep prepared statements).
import type pg from 'pg';

export interface PreparedStatementPolicy {
  /** Sends of one text before it is named. */
  hotAfter: number;
  /** Named texts per process (and so prepared statements per connection) at most. */
  maxNamed: number;
  /** Distinct texts counted at most (the counter stops learning new texts beyond it). */
  maxTracked: number;
}

export const defaultPolicy: PreparedStatementPolicy = { hotAfter: 3, maxNamed: 300, maxTracked: 5_000 };

interface Heat {
  sends: number;
  name: string | null;
}

export interface StatementNamer {
  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined;
  readonly named: number;
}

export function statementNamer(policy: PreparedStatementPolicy = defaultPolicy): StatementNamer {
  const heat = new Map<string, Heat>();
  let named = 0;
  return {
    nameFor(text) {
      let entry = heat.get(text);
      if (!entry) {
        if (heat.size >= policy.maxTracked) return undefined;
        entry = { sends: 0, name: null };
        heat.set(text, entry);
      }
      if (entry.name) return entry.name;
      entry.sends += 1;
      if (entry.sends < policy.hotAfter || named >= policy.maxNamed) return undefined;
      named += 1;
      entry.name = `opsdesk_${named}`;
      return entry.name;
    },
    get named() {
      return named;
    },
  };
}

/** PostgreSQL's answer when a prepared statement's result columns changed under it (a table altered). */
function staleResultType(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    (error as { code?: string }).code === '0A000' &&
    /cached plan must not change result type/.test(String((error as Error).message))
  );
}

/**
 * PostgreSQL's answer when a statement pg believes prepared is gone on the server: something sent
 * DEALLOCATE ALL or DISCARD ALL behind pg's back (a pooling proxy resetting the session, an
 * operator's script).
 */
function forgottenStatement(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    (error as { code?: string }).code === '26000' &&
    /prepared statement "opsdesk_\d+" does not exist/.test(String((error as Error).message))
  );
}

type ClientInternals = {
  connection?: { parsedStatements?: Record<string, string> };
  getTransactionStatus?: () => string | null;
};

/** Makes pg parse every `opsdesk_` statement again on this connection at its next send. */
function forgetNamedStatements(client: ClientInternals): void {
  const parsed = client.connection?.parsedStatements;
  if (!parsed) return;
  for (const name of Object.keys(parsed)) if (name.startsWith('opsdesk_')) delete parsed[name];
}

type QueryConfigLike = pg.QueryConfig & { rowMode?: string; submit?: unknown };

/**
 * Wraps `client.query` so that hot parameterised statements go out named. Query objects (with
 * `submit`), statements already named, and statements without parameters (which may hold several
 * commands, sent over the simple protocol) pass unchanged.
 */
export function nameHotStatements(client: pg.PoolClient | pg.Client, namer: StatementNamer): void {
  // The class's query, looked up on every call (not captured): a statement counter that patches
  // the prototype later (db/statement-counter.ts) must still see these statements.
  const prototype = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  const original = (...args: unknown[]) => prototype.query.apply(client, args);
  // Statements whose prepared form went stale on this connection are sent unnamed from then on.
  const stale = new Set<string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ) => {
    let text: string | undefined;
    let params: unknown;
    if (typeof config === 'string') {
      text = config;
      params = values;
    } else if (
      config &&
      typeof config === 'object' &&
      typeof (config as QueryConfigLike).submit !== 'function'
    ) {
      const object = config as QueryConfigLike;
      if (object.name) return original(config, values, callback);
      text = object.text;
      params = Array.isArray(values) ? values : object.values;
    }
    if (!text || !Array.isArray(params) || params.length === 0 || typeof values === 'function')
      return original(config, values, callback);
    const name = namer.nameFor(text);
    if (!name || stale.has(name)) return original(config, values, callback);
    const named = typeof config === 'string' ? { text, name } : { ...(config as QueryConfigLike), name };
    const sent = (original(named, params) as Promise<unknown>).catch((error: unknown) => {
      // The prepared statement stays stale on this connection (its transaction is failed, so it
      // cannot be deallocated now): this connection sends the text unnamed from now on.
      if (staleResultType(error)) stale.add(name);
      if (forgottenStatement(error)) {
        // The server dropped the prepared statements (DEALLOCATE ALL / DISCARD ALL): pg parses
        // each again at its next send. A statement sent outside a transaction failed before it
        // ran (at Bind), so it is sent again at once; inside one, the transaction has failed and
        // its owner rolls back as for any error.
        const internals = client as unknown as ClientInternals;
        forgetNamedStatements(internals);
        if (internals.getTransactionStatus?.() === 'I') return original(named, params);
      }
      throw error;
    });
    // pg-pool's own query passes a callback: it gets the same answer, retries included.
    if (typeof callback !== 'function') return sent;
    const answer = callback as (error: unknown, result?: unknown) => void;
    sent.then(
      (result) => answer(null, result),
      (error: unknown) => answer(error),
    );
    return undefined;
  };
}
