import type { RedisOp } from './ops.ts';

/**
 * Pure: the ops that turn the hash at `key` from `before` (undefined: absent) into `after`
 * (null: delete it) — HSET for new or changed fields, HDEL for removed ones, DEL when `after`
 * is null, nothing when equal.
 */
export function hashOps(
  key: string,
  before: Readonly<Record<string, string>> | undefined,
  after: Readonly<Record<string, string>> | null,
): RedisOp[] {
  if (after === null) return before ? [['DEL', key]] : [];
  const ops: RedisOp[] = [];
  for (const [field, value] of Object.entries(after))
    if (before?.[field] !== value) ops.push(['HSET', key, field, value]);
  for (const field of Object.keys(before ?? {})) if (!(field in after)) ops.push(['HDEL', key, field]);
  return ops;
}
