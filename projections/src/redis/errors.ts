/**
 * Telling a Redis outage from a projection's own failure: an outage stops the projector (state
 * `unavailable`) and is retried until Redis is back; it never parks an event.
 */

const OUTAGE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|MISCONF|NOREPLICAS)\b/;
const OUTAGE_CODES = /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN|NOTFOUND)$/;

/**
 * True when `error` says Redis cannot be used right now rather than that a command was wrong:
 * any ioredis client-side failure (connection closed or refused, offline queue disabled,
 * `MaxRetriesPerRequestError`, command timeout), or a server reply that the server is not
 * serving (LOADING, BUSY, READONLY, OOM, MISCONF, …). Replies such as WRONGTYPE or a script's
 * own error are not outages.
 */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return OUTAGE_REPLIES.test(error.message);
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && OUTAGE_CODES.test(code)) return true;
  return /Stream isn't writeable|Connection is closed|Command timed out|connect ETIMEDOUT|ECONNREFUSED|ECONNRESET/.test(
    error.message,
  );
}

/** Code of {@link RedisModelUnavailableError}. */
export const REDIS_MODEL_UNAVAILABLE = 'REDIS_MODEL_UNAVAILABLE';

/**
 * A Redis read model cannot answer: Redis is unreachable, or the live generation has no
 * `ready` mark (never caught up, being rebuilt after Redis lost its data). Query through
 * `withFallback` to get the Postgres answer instead; never shown to API clients.
 */
export class RedisModelUnavailableError extends Error {
  readonly code = REDIS_MODEL_UNAVAILABLE;

  constructor(
    readonly projection: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Redis read model ${projection} is unavailable: ${reason}`, options);
    this.name = 'RedisModelUnavailableError';
  }
}
