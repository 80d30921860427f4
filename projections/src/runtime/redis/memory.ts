import type { RedisReadView } from './projection.ts';
import type { RedisOp } from './ops.ts';
import type { RedisSnapshot, RedisValue } from './values.ts';
import { hashValue, setValue, stringValue, zsetValue } from './values.ts';

type Stored =
  | { type: 'hash'; value: Map<string, string> }
  | { type: 'set'; value: Set<string> }
  | { type: 'zset'; value: Map<string, number> }
  | { type: 'string'; value: string };

/** An in-memory stand-in for one generation's keys: a read view plus the whitelisted writes. */
export interface MemoryGeneration {
  readonly read: RedisReadView;
  /** Applies ops with Redis semantics (empty hashes, sets and sorted sets disappear). */
  apply(ops: readonly RedisOp[]): void;
  /** Every key with its value; `strip` is removed from the front of each key name. */
  snapshot(strip?: string): RedisSnapshot;
}

/**
 * Pure in-memory generation for unit tests of Redis projections (and of the runtime): the same
 * reads and writes as Redis for the ops of {@link RedisOp}. Throws like Redis (WRONGTYPE) when
 * an op meets a key of another type.
 */
export function memoryGeneration(): MemoryGeneration {
  const data = new Map<string, Stored>();
  const get = <T extends Stored['type']>(key: string, type: T): Extract<Stored, { type: T }> | undefined => {
    const v = data.get(key);
    if (v && v.type !== type) throw new Error(`WRONGTYPE ${key} holds a ${v.type}, not a ${type}`);
    return v as Extract<Stored, { type: T }> | undefined;
  };
  const create = <T extends Stored>(key: string, fresh: T): T => {
    const v = get(key, fresh.type) as T | undefined;
    if (v) return v;
    data.set(key, fresh);
    return fresh;
  };
  const dropIfEmpty = (key: string, size: number) => {
    if (size === 0) data.delete(key);
  };

  const applyOne = (op: RedisOp): void => {
    switch (op[0]) {
      case 'HSET':
        create(op[1], { type: 'hash', value: new Map() }).value.set(op[2], op[3]);
        return;
      case 'HDEL': {
        const h = get(op[1], 'hash');
        if (h) {
          h.value.delete(op[2]);
          dropIfEmpty(op[1], h.value.size);
        }
        return;
      }
      case 'SET':
        get(op[1], 'string');
        data.set(op[1], { type: 'string', value: op[2] });
        return;
      case 'DEL':
        data.delete(op[1]);
        return;
      case 'SADD':
        create(op[1], { type: 'set', value: new Set() }).value.add(op[2]);
        return;
      case 'SREM': {
        const s = get(op[1], 'set');
        if (s) {
          s.value.delete(op[2]);
          dropIfEmpty(op[1], s.value.size);
        }
        return;
      }
      case 'ZADD':
        create(op[1], { type: 'zset', value: new Map() }).value.set(op[3], op[2]);
        return;
      case 'ZINCRBY': {
        const z = create(op[1], { type: 'zset', value: new Map() });
        z.value.set(op[3], (z.value.get(op[3]) ?? 0) + op[2]);
        return;
      }
      case 'ZREM': {
        const z = get(op[1], 'zset');
        if (z) {
          z.value.delete(op[2]);
          dropIfEmpty(op[1], z.value.size);
        }
        return;
      }
      default: {
        const _exhaustive: never = op;
        throw new TypeError(`unknown Redis op ${String(_exhaustive)}`);
      }
    }
  };

  const valueOf = (v: Stored): RedisValue => {
    switch (v.type) {
      case 'hash':
        return hashValue(Object.fromEntries(v.value));
      case 'set':
        return setValue([...v.value]);
      case 'zset':
        return zsetValue([...v.value]);
      case 'string':
        return stringValue(v.value);
      default: {
        const _exhaustive: never = v;
        throw new TypeError(`unknown value ${String(_exhaustive)}`);
      }
    }
  };

  return {
    read: {
      async hashes(keys) {
        const out = new Map<string, Readonly<Record<string, string>>>();
        for (const key of keys) {
          const h = get(key, 'hash');
          if (h) out.set(key, Object.fromEntries(h.value));
        }
        return out;
      },
      async members(key, members) {
        const s = get(key, 'set');
        return new Set(members.filter((m) => s?.value.has(m)));
      },
    },
    apply: (ops) => ops.forEach(applyOne),
    snapshot(strip = '') {
      const out: Record<string, RedisValue> = {};
      for (const [key, v] of [...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        out[key.startsWith(strip) ? key.slice(strip.length) : key] = valueOf(v);
      return out;
    },
  };
}
