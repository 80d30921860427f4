import { adminKey, authFailed } from './session.ts';
import { ApiError, authMessage, isAuthCode, type GraphqlErrorEntry } from './errors.ts';

/** Options of {@link gql}. */
export interface GqlOptions {
  /** The key to send; default the stored one. */
  readonly key?: string | null;
  /** Go back to login on UNAUTHENTICATED / FORBIDDEN (default true; the login probe says false). */
  readonly redirectOnAuthError?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * POSTs a GraphQL operation to /graphql with `authorization: Bearer <key>` and returns `data`.
 * @throws ApiError with the first error's `extensions.code` (NETWORK when the request failed or
 *   the answer was not GraphQL); UNAUTHENTICATED and FORBIDDEN also send the user to login.
 */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: GqlOptions = {},
): Promise<T> {
  const key = options.key === undefined ? adminKey() : options.key;
  let body: { data?: T | null; errors?: GraphqlErrorEntry[] };
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('NETWORK', `cannot reach the API: ${(error as Error).message}`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'VALIDATION_FAILED';
    if (isAuthCode(code) && options.redirectOnAuthError !== false) authFailed(authMessage(code));
    throw new ApiError(code, first.message, body.errors);
  }
  if (!body.data) throw new ApiError('NETWORK', 'the API answered without data');
  return body.data;
}
