import type { ChainableCommander, Redis } from 'ioredis';
import { isRedisOutage, RedisModelUnavailableError } from './errors.ts';
import { readLive } from './generations.ts';
import { projectionKeys, type KeySpace } from './keys.ts';

/** Where the Redis read models live: the client and the projector's key prefix. */
export interface RedisModels {
  readonly redis: Redis;
  readonly keyPrefix: string;
}

/**
 * Runs `commands` against the live generation of `projection` in one MULTI (see `readLive`)
 * and returns their results. Throws {@link RedisModelUnavailableError} when Redis is
 * unreachable or the live generation is not marked ready (never caught up; being rebuilt after
 * Redis lost its data), so that `withFallback` answers from Postgres instead.
 */
export async function queryLiveModel(
  models: RedisModels,
  projection: string,
  commands: (space: KeySpace, multi: ChainableCommander) => void,
): Promise<unknown[]> {
  try {
    const live = await readLive(models.redis, projectionKeys(models.keyPrefix, projection), commands);
    if (!live.meta?.ready)
      throw new RedisModelUnavailableError(projection, 'the live generation is not ready');
    return live.results;
  } catch (error) {
    if (isRedisOutage(error))
      throw new RedisModelUnavailableError(projection, String(error), { cause: error });
    throw error;
  }
}
