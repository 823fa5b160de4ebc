// Typed errors of the domain: a stable `code` (each module lists its own in `<module>.errors.ts`),
// a message a person can act on, and a `kind` that says what sort of failure it is. Domain code
// never knows HTTP: `http/errors.ts` maps each kind to a status in one place.

export type ErrorKind =
  /** The input is wrong (a field, a rule): the caller can fix it. */
  | 'invalid'
  /** Who is calling is unknown or their credentials are wrong. */
  | 'unauthenticated'
  /** The caller is known but may not do this. */
  | 'forbidden'
  | 'not_found'
  /** The thing is not in a state that allows this (a transition, a taken name, a replay). */
  | 'conflict'
  /** Too many attempts: try again later. */
  | 'rate_limited'
  /** An upload larger than the limit. */
  | 'too_large'
  /** An upload of a kind of file that is not accepted. */
  | 'unsupported_type'
  /** Something this depends on (a provider, a peer) failed or cannot be reached. */
  | 'unavailable'
  /** A bug or a broken invariant: never the caller's fault. */
  | 'internal';

export interface FieldProblem {
  /** Where the problem is: `body.fields.domain`, `query.limit`, `fields.domain`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** For `rate_limited`: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const tooLarge = (code: string, message: string, details?: unknown) =>
  new DomainError('too_large', code, message, details);
export const unsupportedType = (code: string, message: string, details?: unknown) =>
  new DomainError('unsupported_type', code, message, details);

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);

export const validationFailed = (problems: FieldProblem[], intro = 'Invalid input') =>
  new DomainError(
    'invalid',
    'validation_failed',
    `${intro}: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
    problems,
  );

/** A 400 about one field, with the field named in `details` like schema validation errors. */
export const invalidField = (field: string, message: string, code = 'validation_failed') =>
  new DomainError('invalid', code, `${field}: ${message}`, [{ field, message }]);

export const unauthorized = (
  code = 'unauthorized',
  message = 'Sign in first: send a bearer token or the session cookie.',
) => new DomainError('unauthenticated', code, message);

export const forbidden = (message: string, code = 'forbidden') => new DomainError('forbidden', code, message);

export const notFound = (what: string, code = 'not_found') =>
  new DomainError('not_found', code, `${what} was not found.`);

export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError('conflict', code, message, details);

export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new DomainError('rate_limited', 'too_many_requests', message, { retryAfterSeconds }, retryAfterSeconds);

export const unavailable = (code: string, message: string, details?: unknown) =>
  new DomainError('unavailable', code, message, details);

export const internal = (message: string) => new DomainError('internal', 'internal_error', message);
