/**
 * A Redis value as the runtime compares it (verify) and as projection specifications state it:
 * hashes field by field, sets sorted, sorted sets by score then member, strings as they are.
 */
export type RedisValue =
  | { readonly type: 'hash'; readonly value: Readonly<Record<string, string>> }
  | { readonly type: 'set'; readonly value: readonly string[] }
  | { readonly type: 'zset'; readonly value: ReadonlyArray<readonly [member: string, score: number]> }
  | { readonly type: 'string'; readonly value: string };

/** A generation's read-model keys (without the generation's key prefix) and their values. */
export type RedisSnapshot = Readonly<Record<string, RedisValue>>;

/** One difference between two snapshots: a whole key, or one field/member of it. */
export interface RedisDifference {
  /** The key without its generation prefix, e.g. `order:7f3c…`. */
  readonly key: string;
  /** The hash field, set or sorted-set member that differs; null for a whole key or a string. */
  readonly field: string | null;
  /** The value in the live generation, null when absent there. */
  readonly live: string | null;
  /** The value in the rebuilt generation, null when absent there. */
  readonly rebuilt: string | null;
}

export const hashValue = (value: Record<string, string>): RedisValue => ({ type: 'hash', value });
export const setValue = (members: readonly string[]): RedisValue => ({
  type: 'set',
  value: [...members].sort(),
});
export const zsetValue = (entries: ReadonlyArray<readonly [string, number]>): RedisValue => ({
  type: 'zset',
  value: [...entries].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
});
export const stringValue = (value: string): RedisValue => ({ type: 'string', value });

/** Fields (or members, with their scores as strings) of a value; strings have the one field ''. */
function fieldsOf(v: RedisValue): Map<string, string> {
  switch (v.type) {
    case 'hash':
      return new Map(Object.entries(v.value));
    case 'set':
      return new Map(v.value.map((m) => [m, '1']));
    case 'zset':
      return new Map(v.value.map(([m, s]) => [m, String(s)]));
    case 'string':
      return new Map([['', v.value]]);
    default: {
      const _exhaustive: never = v;
      throw new TypeError(`unknown value ${String(_exhaustive)}`);
    }
  }
}

/**
 * Pure: the differences between `live` and `rebuilt`, key by key (sorted) and field by field.
 * A key missing on one side, or of another type, is one difference with `field` null.
 */
export function diffSnapshots(live: RedisSnapshot, rebuilt: RedisSnapshot): RedisDifference[] {
  const out: RedisDifference[] = [];
  const keys = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort();
  for (const key of keys) {
    const a = live[key];
    const b = rebuilt[key];
    if (!a || !b || a.type !== b.type) {
      out.push({ key, field: null, live: a ? a.type : null, rebuilt: b ? b.type : null });
      continue;
    }
    const fa = fieldsOf(a);
    const fb = fieldsOf(b);
    for (const field of [...new Set([...fa.keys(), ...fb.keys()])].sort()) {
      const x = fa.get(field) ?? null;
      const y = fb.get(field) ?? null;
      if (x !== y) out.push({ key, field: a.type === 'string' ? null : field, live: x, rebuilt: y });
    }
  }
  return out;
}
