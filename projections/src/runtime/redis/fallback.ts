/** Options of {@link withFallback}. */
export interface FallbackOptions {
  /**
   * Whether the Redis model may answer now, e.g. `() => projector.isFresh('order-status')`.
   * When false, Redis is not asked at all. Default: always ask Redis first.
   */
  readonly isAvailable?: () => boolean;
  /** Longest wait for Redis before answering from Postgres, ms. Default 500. */
  readonly timeoutMs?: number;
  /** Told why Redis did not answer (for logs and metrics); the caller still gets an answer. */
  readonly onFallback?: (error: unknown) => void;
}

/**
 * Combines a Redis query with its Postgres twin (same arguments, same answer): returns the
 * Redis answer when `isAvailable()` holds and Redis answers within `timeoutMs`, else the
 * Postgres answer — so a Redis outage, a model being rebuilt, or a slow Redis are invisible to
 * the client. Errors of the Postgres query (validation included) propagate; so do validation
 * errors, because the Redis query is expected to validate like the Postgres one: an error with
 * `code` VALIDATION_FAILED from Redis is rethrown rather than retried against Postgres.
 */
export function withFallback<A extends unknown[], T>(
  redisQuery: (...args: A) => Promise<T>,
  pgQuery: (...args: A) => Promise<T>,
  options: FallbackOptions = {},
): (...args: A) => Promise<T> {
  const timeoutMs = options.timeoutMs ?? 500;
  return async (...args: A): Promise<T> => {
    if (options.isAvailable && !options.isAvailable()) return pgQuery(...args);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        redisQuery(...args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'VALIDATION_FAILED') throw error;
      options.onFallback?.(error);
      return pgQuery(...args);
    } finally {
      clearTimeout(timer);
    }
  };
}
