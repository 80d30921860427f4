import type { Redis } from 'ioredis';
import type { KeySpace } from './keys.ts';
import { pipelineResults } from './read-view.ts';
import {
  hashValue,
  setValue,
  stringValue,
  zsetValue,
  type RedisSnapshot,
  type RedisValue,
} from './values.ts';

/** One pipelined read of `key` as a value of `type`, queued on `pipeline`. */
function queueRead(pipeline: ReturnType<Redis['pipeline']>, key: string, type: string): boolean {
  if (type === 'hash') pipeline.hgetall(key);
  else if (type === 'set') pipeline.smembers(key);
  else if (type === 'zset') pipeline.zrange(key, 0, -1, 'WITHSCORES');
  else if (type === 'string') pipeline.get(key);
  else return false;
  return true;
}

function toValue(type: string, raw: unknown): RedisValue | null {
  if (type === 'hash')
    return Object.keys(raw as object).length ? hashValue(raw as Record<string, string>) : null;
  if (type === 'set') return (raw as string[]).length ? setValue(raw as string[]) : null;
  if (type === 'string') return raw === null ? null : stringValue(raw as string);
  const flat = raw as string[];
  const entries: [string, number][] = [];
  for (let i = 0; i < flat.length; i += 2) entries.push([flat[i]!, Number(flat[i + 1])]);
  return entries.length ? zsetValue(entries) : null;
}

/**
 * Reads the values of `keys` of generation `space` (names without the generation prefix), with
 * their types as given (or looked up with TYPE when absent). Keys that do not exist, or of a
 * type other than hash, set, sorted set or string, are left out.
 */
export async function readValues(
  redis: Redis,
  space: KeySpace,
  keys: readonly string[],
  types?: ReadonlyMap<string, string>,
): Promise<RedisSnapshot> {
  const base = space.key('');
  let known = types;
  if (!known) {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.type(base + key);
    const found = pipelineResults(await pipeline.exec()) as string[];
    known = new Map(keys.map((k, i) => [k, found[i]!]));
  }
  const out: Record<string, RedisValue> = {};
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys
      .slice(i, i + 500)
      .filter((k) => ['hash', 'set', 'zset', 'string'].includes(known.get(k)!));
    const pipeline = redis.pipeline();
    for (const key of chunk) queueRead(pipeline, base + key, known.get(key)!);
    const raws = pipelineResults(await pipeline.exec());
    chunk.forEach((key, j) => {
      const value = toValue(known.get(key)!, raws[j]);
      if (value) out[key] = value;
    });
  }
  return out;
}

/** Every read-model key of generation `space` (its meta left out), with its value (SCAN, not atomic). */
export async function snapshotGeneration(redis: Redis, space: KeySpace): Promise<RedisSnapshot> {
  const base = space.key('');
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', space.pattern, 'COUNT', 1000);
    cursor = next;
    for (const key of found) if (key !== space.meta) names.add(key.slice(base.length));
  } while (cursor !== '0');
  return readValues(redis, space, [...names].sort());
}

/**
 * Reads `keys` of generation `space` (types as given; others left out) together with the
 * generation's checkpoint in one MULTI: the values as of exactly that checkpoint.
 */
export async function readValuesAtCheckpoint(
  redis: Redis,
  space: KeySpace,
  keys: readonly string[],
  types: ReadonlyMap<string, string>,
): Promise<{ checkpoint: bigint; values: RedisSnapshot }> {
  const base = space.key('');
  const multi = redis.multi().hget(space.meta, 'checkpoint');
  const read = keys.filter((key) => queueRead(multi, base + key, types.get(key) ?? ''));
  const [checkpoint, ...raws] = pipelineResults(await multi.exec());
  const values: Record<string, RedisValue> = {};
  read.forEach((key, i) => {
    const value = toValue(types.get(key)!, raws[i]);
    if (value) values[key] = value;
  });
  return { checkpoint: BigInt((checkpoint as string | null) ?? '0'), values };
}
