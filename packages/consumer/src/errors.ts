/**
 * Telling the failures a processor waits out (the database, Redis, a broker away) from its
 * handler's own failures (retried a few times, then the event is parked).
 */

const NETWORK_CODES = /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN|NOTFOUND)$/;
/** What node-postgres and knex say when a connection is gone or cannot be had (they set no code). */
const CONNECTION_MESSAGES =
  /Connection terminated|Client has encountered a connection error|Client was closed|Connection ended|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection|Unable to acquire a connection/;

/**
 * True for failures of the infrastructure rather than of the handler, which the runtime retries
 * with backoff forever and never parks an event for:
 * - network errors (ECONNREFUSED, ECONNRESET, …) and lost or unobtainable connections;
 * - Postgres SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57
 *   (operator intervention: shutdown, `pg_terminate_backend`), 40001 (serialization failure)
 *   and 40P01 (deadlock) — https://www.postgresql.org/docs/current/errcodes-appendix.html;
 * - Redis outages ({@link isRedisOutage}).
 */
export function isInfrastructureError(error: unknown): boolean {
  if (isRedisOutage(error)) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.test(code) || /^(08|53|57)/.test(code) || code === '40001' || code === '40P01')
      return true;
  }
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

const REDIS_OUTAGE_REPLIES =
  /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|MISCONF|NOREPLICAS)\b/;

/**
 * True when `error` says Redis cannot be used right now rather than that a command was wrong:
 * any ioredis client-side failure (connection closed or refused, offline queue disabled,
 * `MaxRetriesPerRequestError`, command timeout), or a server reply that the server is not
 * serving (LOADING, BUSY, READONLY, OOM, MISCONF, …). Replies such as WRONGTYPE or a script's
 * own error are not outages. Judged by the error's name, code and message, so it needs no
 * Redis client here.
 */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return REDIS_OUTAGE_REPLIES.test(error.message);
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
  return /Stream isn't writeable|Connection is closed|Command timed out|connect ETIMEDOUT|ECONNREFUSED|ECONNRESET/.test(
    error.message,
  );
}

/** Code of {@link restartFromCheckpoint}'s error. */
export const PROCESSOR_RESTART = 'PROCESSOR_RESTART';
/** Code of the error that ends a subscription when this process lost the processor's lock. */
export const PROCESSOR_LOCK_LOST = 'PROCESSOR_LOCK_LOST';

/** Asks the runtime to start the processor's subscription again from its stored checkpoint. */
export interface RestartRequest extends Error {
  readonly code: typeof PROCESSOR_RESTART;
}

/**
 * The error a processor throws (from `apply`, `check`, …) to have its subscription started
 * again from its stored checkpoint at once, without backoff and without counting as a failure:
 * e.g. a Redis read model whose live generation was swapped, or whose data Redis lost.
 */
export function restartFromCheckpoint(reason: string): RestartRequest {
  return Object.assign(new Error(`restart from the stored checkpoint: ${reason}`), {
    name: 'RestartRequest',
    code: PROCESSOR_RESTART,
  } as const);
}

/** The error that ends a subscription when the lock connection was lost. */
export const lockLost = (processor: string): Error =>
  Object.assign(new Error(`${processor}: this process no longer holds the processor's lock`), {
    code: PROCESSOR_LOCK_LOST,
  });

/** True when `error` carries `code` (errors are checked by code, not `instanceof`). */
export const hasCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

/** `Name: message` of an error, for statuses and parked events. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * True when `error` is not the handler's fault and must not park an event: an outage
 * ({@link isInfrastructureError}, or one the processor's `isTransient` recognises), a restart
 * request, or the loss of the processor's lock.
 */
export const isNotTheHandlers = (
  processor: { isTransient?(error: unknown): boolean },
  error: unknown,
): boolean =>
  isInfrastructureError(error) ||
  hasCode(error, PROCESSOR_RESTART) ||
  hasCode(error, PROCESSOR_LOCK_LOST) ||
  (processor.isTransient?.(error) ?? false);
