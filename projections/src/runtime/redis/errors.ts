/**
 * A Redis outage (`isRedisOutage`, which lives in `@orderflow/consumer` with the runtime's
 * other outage checks) makes a projection retry until Redis is back, and never parks an event;
 * the queries meanwhile answer from Postgres.
 */
export { isRedisOutage } from '@orderflow/consumer';

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
