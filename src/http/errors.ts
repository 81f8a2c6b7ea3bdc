/**
 * The one table from internal error kinds to the spec's response codes (spec README §3.1).
 * Services throw ApiError; the error handler in envelope.ts renders it. No per-route try/catch.
 */
export const ERROR_CODES = {
  canceled: 1,
  invalid_argument: 3,
  deadline_exceeded: 4,
  not_found: 5,
  already_exists: 6,
  permission_denied: 7,
  resource_exhausted: 8,
  internal: 13,
  unauthenticated: 16,
} as const;

export type ErrorKind = keyof typeof ERROR_CODES;

/** HTTP statuses used only when HTTP_STATUS_MIRRORS_CODE=1 (default: every business outcome is HTTP 200). */
export const MIRRORED_HTTP_STATUS: Record<ErrorKind, number> = {
  canceled: 499,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  internal: 500,
  unauthenticated: 401,
};

export class ApiError extends Error {
  readonly code: number;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Transport-level status that overrides the "HTTP 200 for business outcomes" rule. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.code = ERROR_CODES[kind];
  }
}

export const invalidArgument = (field: string, problem: string): ApiError => new ApiError('invalid_argument', `invalid argument: ${field} ${problem}`);
export const notFound = (what: string): ApiError => new ApiError('not_found', `${what} not found`);
export const unauthenticated = (why: string): ApiError => new ApiError('unauthenticated', `authentication failed: ${why}`);
export const permissionDenied = (why: string): ApiError => new ApiError('permission_denied', `permission denied: ${why}`);
export const alreadyExists = (what: string): ApiError => new ApiError('already_exists', `${what} already exists`);
