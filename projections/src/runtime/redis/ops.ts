/**
 * The writes a Redis projection may ask for: a small whitelist of commands, each a tuple in
 * Redis' own argument order. The runtime applies a batch's ops in one Lua step with the
 * checkpoint; scores and increments are numbers, everything else strings.
 */
export type RedisOp =
  | readonly ['HSET', key: string, field: string, value: string]
  | readonly ['HDEL', key: string, field: string]
  | readonly ['SET', key: string, value: string]
  | readonly ['DEL', key: string]
  | readonly ['SADD', key: string, member: string]
  | readonly ['SREM', key: string, member: string]
  | readonly ['ZADD', key: string, score: number, member: string]
  | readonly ['ZINCRBY', key: string, increment: number, member: string]
  | readonly ['ZREM', key: string, member: string];

/** A command name of {@link RedisOp}. */
export type RedisOpName = RedisOp[0];

/** The Redis type (as `TYPE` names it) an op's key must have or get; null for DEL (any). */
export function keyTypeOf(name: RedisOpName): 'hash' | 'string' | 'set' | 'zset' | null {
  switch (name) {
    case 'HSET':
    case 'HDEL':
      return 'hash';
    case 'SET':
      return 'string';
    case 'SADD':
    case 'SREM':
      return 'set';
    case 'ZADD':
    case 'ZINCRBY':
    case 'ZREM':
      return 'zset';
    case 'DEL':
      return null;
    default: {
      const _exhaustive: never = name;
      throw new TypeError(`unknown Redis op ${String(_exhaustive)}`);
    }
  }
}

/** Ops flattened for the apply script: distinct keys, and per op `name, keyIndex, ...args`. */
export interface EncodedOps {
  /** Every key the ops touch, once each, in first-use order (declared as KEYS). */
  readonly keys: string[];
  /** Per op: its name, the 1-based index of its key in `keys`, then its arguments. */
  readonly args: string[];
}

const number = (op: RedisOp, n: number): string => {
  if (!Number.isFinite(n)) throw new TypeError(`${op[0]} ${op[1]}: ${n} is not a finite number`);
  return String(n);
};

/**
 * Flattens `ops` for the apply script. Throws a TypeError for a non-finite score or increment,
 * before anything is sent, so a bad op never reaches Redis half-applied.
 */
export function encodeOps(ops: readonly RedisOp[]): EncodedOps {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const args: string[] = [];
  for (const op of ops) {
    let i = index.get(op[1]);
    if (i === undefined) {
      keys.push(op[1]);
      i = keys.length;
      index.set(op[1], i);
    }
    args.push(op[0], String(i));
    switch (op[0]) {
      case 'HSET':
      case 'ZREM':
      case 'HDEL':
      case 'SET':
      case 'SADD':
      case 'SREM':
        args.push(...(op.slice(2) as string[]));
        break;
      case 'ZADD':
      case 'ZINCRBY':
        args.push(number(op, op[2]), op[3]);
        break;
      case 'DEL':
        break;
      default: {
        const _exhaustive: never = op;
        throw new TypeError(`unknown Redis op ${String(_exhaustive)}`);
      }
    }
  }
  return { keys, args };
}
