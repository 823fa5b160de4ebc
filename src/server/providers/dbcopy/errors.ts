// Driver errors turned into the two kinds the fulfilment engine acts on: transient (retry
// later: the server was unreachable, busy, locked or restarting) and permanent (a person has to
// look: missing database, permission denied, data the target refuses). Messages are shown to a
// developer on the ticket, so they say which side failed, in plain words.
import { MongoError, MongoNetworkError, MongoParseError, MongoServerSelectionError } from 'mongodb';
import { PermanentProviderError, TransientProviderError } from '../types.js';

export type Side = 'source' | 'target';

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

function isProviderError(error: unknown): error is TransientProviderError | PermanentProviderError {
  return error instanceof TransientProviderError || error instanceof PermanentProviderError;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stringField(error: unknown, field: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'string' ? value : undefined;
}

function numberField(error: unknown, field: string): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'number' ? value : undefined;
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function unreachable(side: Side, error: unknown): TransientProviderError {
  return new TransientProviderError(`Could not reach the ${side} database: ${messageOf(error)}`, {
    cause: error,
  });
}

/** The worker is shutting down: the run stops here and is executed again later. */
export function interruptedError(): TransientProviderError {
  return new TransientProviderError(
    'The copy was interrupted because Opsdesk is shutting down; it will run again',
  );
}

// SQLSTATEs worth retrying: connection exceptions (class 08), server going down or not yet
// up, too many connections, out of memory, cancelled by a timeout, serialization failures.
const pgTransientStates = new Set(['53200', '53300', '57P01', '57P02', '57P03', '57014', '40001', '40P01']);
const pgPermissionStates = new Set(['42501', '28000', '28P01']);

export function fromPgError(error: unknown, side: Side): Error {
  if (isProviderError(error)) return error;
  const state = stringField(error, 'code');
  const isServerError = state !== undefined && stringField(error, 'severity') !== undefined;
  if (!isServerError) {
    const message = messageOf(error);
    if ((state && networkCodes.has(state)) || /connection|timeout|terminated/i.test(message)) {
      return unreachable(side, error);
    }
    return error instanceof Error ? error : new Error(message);
  }
  const message = messageOf(error);
  // For a failed COPY, `where` names the table, line and column ("COPY orders, line 3, column
  // note: …"), which the message alone does not; the value it quotes is cut short.
  const where = stringField(error, 'where');
  const context = [stringField(error, 'detail'), where?.startsWith('COPY ') ? shorten(where, 160) : undefined]
    .filter((part) => part !== undefined)
    .join('; ');
  if (state.startsWith('08')) return unreachable(side, error);
  if (state === '55P03') {
    return new TransientProviderError(
      `The ${side} tables are in use by another session (${message}); the copy will be tried again`,
      { cause: error },
    );
  }
  if (pgTransientStates.has(state)) {
    return new TransientProviderError(`The ${side} database failed temporarily: ${message}`, {
      cause: error,
    });
  }
  if (state === '3D000') {
    return new PermanentProviderError(`The ${side} database does not exist (${message})`, {
      cause: error,
      code: 'database_missing',
    });
  }
  if (pgPermissionStates.has(state)) {
    return new PermanentProviderError(`Permission denied on the ${side} database: ${message}`, {
      cause: error,
      code: 'permission_denied',
    });
  }
  return new PermanentProviderError(`On the ${side} database: ${message}${context ? ` (${context})` : ''}`, {
    cause: error,
    code: `pg_${state}`,
  });
}

// MySQL/MariaDB error numbers worth retrying: too many connections, shutdown in progress,
// lock wait timeout, deadlock, query interrupted, network read/write errors, server gone away.
const mysqlTransientErrnos = new Set([
  1040, 1053, 1158, 1159, 1160, 1161, 1205, 1213, 1317, 1927, 2006, 2013, 3024,
]);
const mysqlPermissionErrnos = new Set([1044, 1045, 1142, 1143, 1227, 1370]);
const mysqlClientTransientCodes = new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

export function fromMysqlError(raw: unknown, side: Side): Error {
  if (isProviderError(raw)) return raw;
  const code = stringField(raw, 'code');
  const errno = numberField(raw, 'errno');
  const sqlState = stringField(raw, 'sqlState');
  const message = messageOf(raw);
  if (code && (networkCodes.has(code) || mysqlClientTransientCodes.has(code))) return unreachable(side, raw);
  if (sqlState === undefined || errno === undefined) return raw instanceof Error ? raw : new Error(message);
  // The driver's error carries the failed statement, rows of data included: keep that out of logs.
  const error = { code, errno, sqlState, message };
  if (mysqlTransientErrnos.has(errno)) {
    return new TransientProviderError(`The ${side} database failed temporarily: ${message}`, {
      cause: error,
    });
  }
  if (errno === 1049) {
    return new PermanentProviderError(`The ${side} database does not exist (${message})`, {
      cause: error,
      code: 'database_missing',
    });
  }
  if (mysqlPermissionErrnos.has(errno)) {
    return new PermanentProviderError(`Permission denied on the ${side} database: ${message}`, {
      cause: error,
      code: 'permission_denied',
    });
  }
  return new PermanentProviderError(`On the ${side} database: ${message}`, {
    cause: error,
    code: `mysql_${errno}`,
  });
}

// MongoDB server codes: Unauthorized, AuthenticationFailed.
const mongoPermissionCodes = new Set([13, 18]);

export function fromMongoError(error: unknown, side: Side): Error {
  if (isProviderError(error)) return error;
  const message = messageOf(error);
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) {
    return unreachable(side, error);
  }
  if (error instanceof MongoParseError) {
    return new PermanentProviderError(`The ${side} connection string is not valid: ${message}`, {
      cause: error,
    });
  }
  if (!(error instanceof MongoError)) return error instanceof Error ? error : new Error(message);
  if (
    error.hasErrorLabel('RetryableWriteError') ||
    error.hasErrorLabel('TransientTransactionError') ||
    error.name === 'MongoOperationTimeoutError'
  ) {
    return new TransientProviderError(`The ${side} database failed temporarily: ${message}`, {
      cause: error,
    });
  }
  if (typeof error.code === 'number' && mongoPermissionCodes.has(error.code)) {
    return new PermanentProviderError(`Permission denied on the ${side} database: ${message}`, {
      cause: error,
      code: 'permission_denied',
    });
  }
  return new PermanentProviderError(`On the ${side} database: ${message}`, { cause: error });
}
