import { MongoNetworkError, MongoParseError, MongoServerError } from 'mongodb';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { fromMongoError, fromMysqlError, fromPgError } from './errors.js';

function pgError(code: string, message: string, detail?: string, where?: string): DatabaseError {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  error.severity = 'ERROR';
  error.detail = detail;
  error.where = where;
  return error;
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.5:5432`), { code });
}

function mysqlError(errno: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { errno, code, sqlState: 'HY000', fatal: false });
}

describe('fromPgError', () => {
  it('makes refused and reset connections transient', () => {
    const error = fromPgError(networkError('ECONNREFUSED'), 'source');
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error.message).toBe('Could not reach the source database: connect ECONNREFUSED 10.0.0.5:5432');
    expect(fromPgError(new Error('Connection terminated unexpectedly'), 'target')).toBeInstanceOf(
      TransientProviderError,
    );
  });

  it('makes server shutdown, too many connections and lock timeouts transient', () => {
    expect(
      fromPgError(pgError('57P01', 'terminating connection due to administrator command'), 'source'),
    ).toBeInstanceOf(TransientProviderError);
    expect(fromPgError(pgError('53300', 'too many clients already'), 'target')).toBeInstanceOf(
      TransientProviderError,
    );
    const locked = fromPgError(pgError('55P03', 'canceling statement due to lock timeout'), 'target');
    expect(locked).toBeInstanceOf(TransientProviderError);
    expect(locked.message).toMatch(/^The target tables are in use by another session/);
  });

  it('says plainly that a database does not exist', () => {
    const error = fromPgError(pgError('3D000', 'database "shop" does not exist'), 'target');
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toBe('The target database does not exist (database "shop" does not exist)');
    expect((error as PermanentProviderError).options.code).toBe('database_missing');
  });

  it('reports permission and authentication failures as permanent', () => {
    for (const code of ['42501', '28P01']) {
      const error = fromPgError(pgError(code, 'permission denied for table orders'), 'source');
      expect(error).toBeInstanceOf(PermanentProviderError);
      expect(error.message).toBe(
        'Permission denied on the source database: permission denied for table orders',
      );
    }
  });

  it('keeps the server detail of a data error', () => {
    const error = fromPgError(
      pgError(
        '23503',
        'insert or update on table "orders" violates foreign key constraint',
        'Key (customer_id)=(7) is not present.',
      ),
      'target',
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toBe(
      'On the target database: insert or update on table "orders" violates foreign key constraint (Key (customer_id)=(7) is not present.)',
    );
  });

  it('names the table, line and column of a failed COPY, with the value cut short', () => {
    const error = fromPgError(
      pgError(
        '22001',
        'value too long for type character varying(10)',
        undefined,
        `COPY orders, line 3, column note: "${'x'.repeat(500)}"`,
      ),
      'target',
    );
    expect(error.message).toBe(
      `On the target database: value too long for type character varying(10) (COPY orders, line 3, column note: "${'x'.repeat(124)}…)`,
    );
  });

  it('passes provider errors and programming errors through unchanged', () => {
    const already = new PermanentProviderError('x');
    expect(fromPgError(already, 'source')).toBe(already);
    const bug = new TypeError('cannot read properties of undefined');
    expect(fromPgError(bug, 'source')).toBe(bug);
  });
});

describe('fromMysqlError', () => {
  it('makes lost connections, deadlocks and lock waits transient', () => {
    expect(
      fromMysqlError(Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST' }), 'source'),
    ).toBeInstanceOf(TransientProviderError);
    expect(fromMysqlError(networkError('ETIMEDOUT'), 'target')).toBeInstanceOf(TransientProviderError);
    expect(fromMysqlError(mysqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found'), 'target')).toBeInstanceOf(
      TransientProviderError,
    );
    expect(
      fromMysqlError(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout'), 'target'),
    ).toBeInstanceOf(TransientProviderError);
  });

  it('says plainly that a database does not exist or access is denied', () => {
    const missing = fromMysqlError(mysqlError(1049, 'ER_BAD_DB_ERROR', "Unknown database 'shop'"), 'source');
    expect(missing).toBeInstanceOf(PermanentProviderError);
    expect(missing.message).toBe("The source database does not exist (Unknown database 'shop')");
    const denied = fromMysqlError(
      mysqlError(
        1142,
        'ER_TABLEACCESS_DENIED_ERROR',
        "DELETE command denied to user 'app'@'%' for table 'orders'",
      ),
      'target',
    );
    expect(denied.message).toBe(
      "Permission denied on the target database: DELETE command denied to user 'app'@'%' for table 'orders'",
    );
  });

  it('reports data the target refuses as permanent', () => {
    const error = fromMysqlError(
      mysqlError(1406, 'ER_DATA_TOO_LONG', "Data too long for column 'note' at row 3"),
      'target',
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toBe("On the target database: Data too long for column 'note' at row 3");
  });
});

describe('fromMongoError', () => {
  it('makes network errors transient', () => {
    expect(fromMongoError(new MongoNetworkError('connection reset'), 'source')).toBeInstanceOf(
      TransientProviderError,
    );
  });

  it('reports unauthorized operations and bad connection strings as permanent', () => {
    const denied = fromMongoError(
      new MongoServerError({ message: 'not authorized on shop to execute command', code: 13 }),
      'target',
    );
    expect(denied).toBeInstanceOf(PermanentProviderError);
    expect(denied.message).toBe(
      'Permission denied on the target database: not authorized on shop to execute command',
    );
    expect(fromMongoError(new MongoParseError('Invalid scheme'), 'source').message).toBe(
      'The source connection string is not valid: Invalid scheme',
    );
  });
});

describe('fromMysqlError keeps data out of the error', () => {
  it('drops the failed statement, which carries the rows being inserted', () => {
    const raw = Object.assign(
      mysqlError(1406, 'ER_DATA_TOO_LONG', "Data too long for column 'note' at row 1"),
      {
        sql: "INSERT INTO `customers` VALUES (1, 'secret@example.com')",
      },
    );
    const error = fromMysqlError(raw, 'target') as PermanentProviderError;
    expect(JSON.stringify(error.options.cause)).not.toContain('secret@example.com');
    expect(error.options.cause).toEqual({
      code: 'ER_DATA_TOO_LONG',
      errno: 1406,
      sqlState: 'HY000',
      message: "Data too long for column 'note' at row 1",
    });
  });
});
