/** A GraphQL error as the API returns it: a message and `extensions.code`. */
export interface GraphqlErrorEntry {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/** The error codes of the API's error catalog that the dashboard reacts to. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'VALIDATION_FAILED'
  | 'NETWORK'
  | (string & {});

/** A failed GraphQL call: the first error's code and message (all errors in `errors`). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly GraphqlErrorEntry[];

  constructor(code: ErrorCode, message: string, errors: readonly GraphqlErrorEntry[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
  }
}

/** True for the codes that mean "this key may not do this": back to login. */
export const isAuthCode = (code: string | undefined): boolean =>
  code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';

/** The login page's explanation of an auth failure. */
export function authMessage(code: string | undefined): string {
  return code === 'FORBIDDEN'
    ? 'This key is not an admin key: the dashboard needs role admin.'
    : 'Unknown or missing key: log in with an admin key.';
}
