import type { Redis } from 'ioredis';
import type { RedisReadView } from './projection.ts';

/** Throws the first error of an ioredis pipeline reply, else returns the results. */
export function pipelineResults(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('Redis pipeline returned no replies');
  return replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

/**
 * A {@link RedisReadView} over a live client: one pipelined round trip per call (HGETALL per
 * key; SMISMEMBER, Redis ≥ 6.2). Redis errors propagate unchanged, so the runtime can tell an
 * outage from a projection's own failure.
 */
export function redisReadView(redis: Redis): RedisReadView {
  return {
    async hashes(keys) {
      const out = new Map<string, Readonly<Record<string, string>>>();
      if (keys.length === 0) return out;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      const results = pipelineResults(await pipeline.exec()) as Record<string, string>[];
      keys.forEach((key, i) => {
        const fields = results[i]!;
        if (Object.keys(fields).length > 0) out.set(key, fields);
      });
      return out;
    },
    async members(key, members) {
      if (members.length === 0) return new Set();
      const flags = await redis.smismember(key, ...members);
      return new Set(members.filter((_, i) => flags[i] === 1));
    },
  };
}
