import { fullJitterDelayMs } from '@orderflow/core';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * An ioredis client for the read models that fails fast while Redis is down instead of
 * queueing: `enableOfflineQueue: false` (a command sent while disconnected is rejected at once),
 * `maxRetriesPerRequest: 1` (a command in flight when the connection drops is rejected after one
 * reconnect attempt), `connectTimeout` 2 s, `commandTimeout` 5 s. It keeps reconnecting in the
 * background (100 ms doubling to 2 s), so it serves again as soon as Redis is back. Errors the
 * client emits go to `onError` (default: ignored — the projector and `withFallback` see them on
 * the commands). `overrides` win over these settings.
 */
export function createRedisClient(
  url: string,
  overrides: RedisOptions = {},
  onError: (error: Error) => void = () => undefined,
): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 5000,
    // Orderflow's retry policy (full jitter, 100 ms doubling to 2 s): the reconnections of many
    // processes that lost Redis together are spread out.
    retryStrategy: (times) => Math.max(1, fullJitterDelayMs(times, { baseDelayMs: 100, maxDelayMs: 2000 })),
    ...overrides,
  });
  redis.on('error', onError);
  return redis;
}

/** Resolves once `redis` is ready, or rejects after `timeoutMs` (default 5000). */
export async function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', ready);
      reject(new Error(`Redis not ready after ${timeoutMs} ms (status ${redis.status})`));
    }, timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', ready);
  });
}
