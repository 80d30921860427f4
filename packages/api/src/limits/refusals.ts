import { GraphQLError } from 'graphql';
import mercurius from 'mercurius';

const { ErrorWithProps } = mercurius;

/** Which limit a QUERY_TOO_COMPLEX refusal hit (`extensions.limit`). */
export type ComplexityLimit =
  'bodyBytes' | 'tokens' | 'depth' | 'aliases' | 'fieldRepeats' | 'directives' | 'cost';

/** Which budget a RATE_LIMITED refusal used up (`extensions.limit`). */
export type RateBudget =
  'queries' | 'mutations' | 'anonymous' | 'connectionsPerKey' | 'subscriptionsPerConnection';

/** Details of a refusal: the limit, its value and, when known, what the request had. */
export interface LimitDetails<L extends string> {
  readonly limit: L;
  readonly max: number;
  readonly found?: number;
}

/**
 * A QUERY_TOO_COMPLEX error as mercurius answers it: `extensions` `{ code, limit, max, found }`,
 * HTTP `statusCode` (400 for documents, 413 for bodies).
 */
export const tooComplex = (
  message: string,
  details: LimitDetails<ComplexityLimit>,
  statusCode = 400,
): InstanceType<typeof ErrorWithProps> =>
  new ErrorWithProps(message, { code: 'QUERY_TOO_COMPLEX', ...details }, statusCode);

/** The same refusal as a graphql-js error, for validation rules (`context.reportError`). */
export const tooComplexValidationError = (message: string, details: LimitDetails<ComplexityLimit>) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...details } });

/** A RATE_LIMITED error: `extensions` `{ code, limit, max, retryAfterSeconds? }`, HTTP 429. */
export const rateLimited = (
  message: string,
  details: LimitDetails<RateBudget> & { readonly retryAfterSeconds?: number },
): InstanceType<typeof ErrorWithProps> =>
  new ErrorWithProps(message, { code: 'RATE_LIMITED', ...details }, 429);

/** A VALIDATION_FAILED error with `details` (e.g. `{ field: 'input.lines[0].sku' }`), HTTP 400. */
export const invalidRequest = (
  message: string,
  details: Record<string, unknown> = {},
  statusCode = 400,
): InstanceType<typeof ErrorWithProps> =>
  new ErrorWithProps(message, { code: 'VALIDATION_FAILED', ...details }, statusCode);

/** Our own request-refusal errors carry this shape (mercurius `ErrorWithProps`). */
export type Refusal = InstanceType<typeof ErrorWithProps>;
