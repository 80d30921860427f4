/**
 * Key names of the Redis read models.
 *
 * Every key of one projection — its live-generation pointer, rebuild lock, and every
 * generation's data and meta keys — carries the same hash tag `{of:<prefix>:<projection>}`, so
 * Redis Cluster puts them in one slot. That is what lets one Lua step check the pointer and a
 * generation's checkpoint and apply a batch, and one MULTI read the pointer and a model's keys,
 * on a cluster as on a single server (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 * The price: one projection lives on one shard.
 *
 *   {of:<prefix>:<projection>}:live              live generation number (absent = 1)
 *   {of:<prefix>:<projection>}:lock              rebuild/verify lock (token, with a TTL)
 *   {of:<prefix>:<projection>}:g<n>:meta         hash: checkpoint, version, ready
 *   {of:<prefix>:<projection>}:g<n>:<parts…>     the read model's keys in generation n
 *   {of:<prefix>:<projection>}:s<token>:…        a scratch generation of `verify`
 */

/** The generation a projection writes to when no pointer exists yet. */
export const INITIAL_GENERATION = 1;

const SAFE = /^[A-Za-z0-9_.:-]+$/;

/** The key names of one generation, handed to a projection's `plan`. */
export interface KeySpace {
  /** The generation's label (`g3`, or `s<token>` for a scratch copy). */
  readonly generation: string;
  /** A read-model key of this generation: the parts joined with `:` after the generation. */
  key(...parts: string[]): string;
  /** The generation's meta hash (checkpoint, version, ready). */
  readonly meta: string;
  /** SCAN pattern matching every key of the generation, meta included. */
  readonly pattern: string;
}

/** The fixed keys of one projection and the key spaces of its generations. */
export interface ProjectionKeys {
  readonly tag: string;
  /** Holds the live generation number. */
  readonly pointer: string;
  /** The rebuild/verify lock. */
  readonly lock: string;
  /** Key space of generation `n` (a positive integer). */
  generation(n: number): KeySpace;
  /** Key space of a scratch copy identified by `token` ([a-z0-9]+). */
  scratch(token: string): KeySpace;
}

function keySpace(tag: string, generation: string): KeySpace {
  const base = `${tag}:${generation}:`;
  return {
    generation,
    key: (...parts) => base + parts.join(':'),
    meta: `${base}meta`,
    // The prefix and projection name are checked to hold no glob characters (* ? [ ] \).
    pattern: `${base}*`,
  };
}

/**
 * The keys of projection `name` under `keyPrefix`. Both must match `[A-Za-z0-9_.:-]+` (no
 * braces, so the hash tag is the first `{…}` of every key; no glob characters, so SCAN
 * patterns are exact). Throws a TypeError otherwise.
 */
export function projectionKeys(keyPrefix: string, name: string): ProjectionKeys {
  if (!SAFE.test(keyPrefix)) throw new TypeError(`invalid Redis key prefix: ${keyPrefix}`);
  if (!SAFE.test(name)) throw new TypeError(`invalid projection name: ${name}`);
  const tag = `{of:${keyPrefix}:${name}}`;
  return {
    tag,
    pointer: `${tag}:live`,
    lock: `${tag}:lock`,
    generation(n) {
      if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`invalid generation: ${n}`);
      return keySpace(tag, `g${n}`);
    },
    scratch(token) {
      if (!/^[a-z0-9]+$/.test(token)) throw new TypeError(`invalid scratch token: ${token}`);
      return keySpace(tag, `s${token}`);
    },
  };
}
