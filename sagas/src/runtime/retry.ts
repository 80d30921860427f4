import { fullJitterDelayMs } from '@orderflow/core';
import { hasErrorCode, type ErrorCode } from '@orderflow/core';

/**
 * Refusals that retrying cannot fix: the command is failed at once. Everything else — other
 * catalog codes (CONCURRENCY_CONFLICT, TIMEOUT, INTERNAL) and errors without a catalog code
 * (lost connections, driver errors) — is transient and retried.
 */
export const PERMANENT_ERROR_CODES: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'INVALID_STATE',
  'ALREADY_EXISTS',
  'IDEMPOTENCY_KEY_REUSED',
];

/** How transient command failures are retried; see {@link backoffDelayMs}. */
export interface RetryPolicy {
  /**
   * Sends of one command before it fails and parks its saga. Default 8. Outages (the database
   * or the network away) are retried without counting (see `CommandDispatcher`).
   */
  readonly attempts: number;
  /** Base of the exponential backoff, ms. Default 100. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, ms. Default 30,000. */
  readonly maxDelayMs: number;
}

/** 8 attempts, 100 ms base, 30 s cap: at most ~25 s of waiting (expected ~13 s) before parking. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 30_000 };

/**
 * The wait after failed attempt `attempt` (1-based), in ms: the runtime's full-jitter backoff
 * (`fullJitterDelayMs` of `@orderflow/consumer`: random(0, min(maxDelay, base · 2^(attempt − 1))),
 * AWS Architecture Blog, "Exponential Backoff And Jitter", Marc Brooker, 2015) — spreading
 * retries of many commands that failed together instead of retrying them in lock-step.
 * `random` is in [0, 1).
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  return fullJitterDelayMs(attempt, policy, random);
}

/** The catalog code of a permanent refusal, or null when `error` is transient. */
export function permanentCode(error: unknown): ErrorCode | null {
  return PERMANENT_ERROR_CODES.find((code) => hasErrorCode(error, code)) ?? null;
}

/** `CODE: message` of an error, for logs and the step log. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: unknown }).code ?? error.name}: ${error.message}`;
  return String(error);
}
