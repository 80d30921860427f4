/**
 * The error catalog. Every error the system raises on purpose carries a stable `code`; GraphQL
 * returns it as `extensions.code`. Check errors by `code` (see {@link hasErrorCode}), never with
 * `instanceof`, so that checks hold across packages and duplicated module copies
 * (the approach of Castore's `eventStore/errors/`).
 */
export const ErrorCodes = {
  /** Input failed validation; nothing was written. */
  VALIDATION_FAILED: 'Input failed validation; nothing was written.',
  /** The addressed order, product, stream or saga does not exist. */
  NOT_FOUND: 'The addressed entity does not exist.',
  /** An idempotency key was reused with different input. */
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was already used with different input.',
  /** Optimistic concurrency retries were exhausted; the caller may retry. */
  CONCURRENCY_CONFLICT: 'The stream kept changing under the command; retry.',
  /** A business rule forbids the command in the aggregate's current state. */
  INVALID_STATE: 'The command is not allowed in the current state.',
  /**
   * A line's `unitPrice`, sent by the client as the price it expects, differs from the
   * catalog's current price; details name the `sku`, its current `unitPrice` and `currency`,
   * and the `expectedUnitPrice`. Nothing was written.
   */
  PRICE_CHANGED: 'The catalog price differs from the price the client expected; nothing was written.',
  /**
   * A coupon code of the order cannot be used with it; details give the `couponCode` and `reason`
   * (EXPIRED, NOT_APPLICABLE, NOT_STACKABLE, DISABLED, …). Nothing was written. Limits
   * (EXHAUSTED, ALREADY_USED_BY_CUSTOMER) are decided when the order reserves the coupon: such
   * an order is placed and then cancelled COUPON_REJECTED.
   */
  COUPON_REJECTED: 'A coupon code cannot be used with this order; nothing was written.',
  /**
   * A refund asks for more than is left to refund: more units of a line than were bought and not
   * yet refunded (or being refunded), or more money than the payment took; details give the
   * `sku` and `refundable` units, or the `refundable` amount in minor units. Nothing was written.
   */
  REFUND_EXCEEDS_PAYMENT: 'The refund asks for more than is left to refund; nothing was written.',
  /** The entity to create exists already. */
  ALREADY_EXISTS: 'The entity exists already.',
  /** Event store: the stream's revision differed from the expected one. */
  WRONG_EXPECTED_VERSION: "The stream's current revision differs from the expected revision.",
  /** Event store: the stream has no events. */
  STREAM_NOT_FOUND: 'The stream does not exist.',
  /**
   * Event store: a stored event's type or schema version is one no upcaster knows; details
   * give the stream, revision, position, type and schemaVersion.
   */
  UNKNOWN_EVENT_SCHEMA: 'The event has a type or schema version that this release cannot read.',
  /** The request carries no API key, or one that is unknown or revoked. */
  UNAUTHENTICATED: 'A valid API key is required (authorization: Bearer <key>).',
  /** The API key's role may not do this (customers: only their own orders; admin-only fields). */
  FORBIDDEN: "The API key's role does not allow this.",
  /** A read model did not reach the requested position in time. */
  TIMEOUT: 'The operation did not finish in time.',
  /**
   * The request is larger or more complex than the API accepts (body bytes, tokens, depth,
   * aliases, repeated fields, directives or estimated cost); refused before execution, nothing
   * ran. `details.limit` names the limit, `details.max` its value, `details.found` (when known)
   * what the request had.
   */
  QUERY_TOO_COMPLEX: 'The request exceeds a size or complexity limit of the API; nothing was executed.',
  /**
   * The caller used up a budget: requests per window of its API key (or, without a key, of its
   * IP address), WebSocket connections per key or subscriptions per connection.
   * `details.retryAfterSeconds` says when to try again (HTTP also sends `Retry-After`).
   */
  RATE_LIMITED: 'Too many requests or subscriptions for this API key; try again later.',
  /** Anything not expected; details are logged, not returned. */
  INTERNAL: 'Internal error.',
} as const;

/** One of the stable error codes of {@link ErrorCodes}. */
export type ErrorCode = keyof typeof ErrorCodes;

/**
 * An error with a stable code from the catalog and optional structured details
 * (JSON-safe; they end up in GraphQL `extensions`).
 */
export class OrderflowError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}) {
    super(message ?? ErrorCodes[code]);
    this.name = 'OrderflowError';
    this.code = code;
    this.details = details;
  }
}

/** True when `error` carries the given catalog code (or any catalog code when `code` is omitted). */
export function hasErrorCode(error: unknown, code?: ErrorCode): error is OrderflowError {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const actual = (error as { code: unknown }).code;
  if (code !== undefined) return actual === code;
  return typeof actual === 'string' && actual in ErrorCodes;
}

/** Shorthand for a VALIDATION_FAILED error; `details` names the offending field(s). */
export const validationFailed = (message: string, details: Record<string, unknown> = {}): OrderflowError =>
  new OrderflowError('VALIDATION_FAILED', message, details);

/** Shorthand for an INVALID_STATE error raised by a decider. */
export const invalidState = (message: string, details: Record<string, unknown> = {}): OrderflowError =>
  new OrderflowError('INVALID_STATE', message, details);
