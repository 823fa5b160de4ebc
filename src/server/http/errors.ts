// Typed errors with a stable code, mapped to HTTP in one place (app.ts's error handler), always
// in the envelope {"error": {"code", "message", "details"?}}.

export interface FieldProblem {
  /** Where the problem is: `body.fields.domain`, `query.limit`, `fields.domain`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);

export const validationFailed = (problems: FieldProblem[], intro = 'Invalid input') =>
  new AppError(
    400,
    'validation_failed',
    `${intro}: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
    problems,
  );

export const unauthorized = (
  code = 'unauthorized',
  message = 'Sign in first: send a bearer token or the session cookie.',
) => new AppError(401, code, message);

export const forbidden = (message: string, code = 'forbidden') => new AppError(403, code, message);

export const notFound = (what: string, code = 'not_found') =>
  new AppError(404, code, `${what} was not found.`);

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);

export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(
    429,
    'too_many_requests',
    message,
    { retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  );
