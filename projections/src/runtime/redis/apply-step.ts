import type { Redis } from 'ioredis';
import { INITIAL_GENERATION, type KeySpace, type ProjectionKeys } from './keys.ts';
import { encodeOps, type RedisOp } from './ops.ts';
import { codeAndValue, runScript } from './scripts.ts';

/** Where a batch is written. */
export interface RedisTarget {
  readonly keys: ProjectionKeys;
  /** The generation written to. */
  readonly space: KeySpace;
  /**
   * The generation number that must still be live for the write to happen (the live
   * projector), or null for a shadow or scratch generation, which is written whatever is live.
   */
  readonly requireLive: number | null;
  /** Recorded in the generation's meta when it is first written (the version it is built with). */
  readonly version: number;
}

/** What one apply step did. */
export type ApplyStepResult =
  | { readonly outcome: 'applied'; readonly checkpoint: bigint }
  /** The stored checkpoint was not the expected one: nothing was written. */
  | { readonly outcome: 'stale'; readonly checkpoint: bigint }
  /** Another generation is live now (a rebuild swapped): nothing was written. */
  | { readonly outcome: 'not-live'; readonly generation: number };

/**
 * The atomic step: in one Lua script, checks that `target`'s generation is still live (when
 * required) and that its stored checkpoint equals `expected`, checks every op's key type, then
 * applies `ops` and moves the checkpoint to `to.position` (recording `to.recordedAt`, when known). If either
 * check fails nothing is written, so a replayed or concurrent stale batch changes nothing.
 * A missing checkpoint counts as 0n. Throws a TypeError when `to.position < expected`, an
 * ioredis ReplyError (WRONGTYPE …) when an op meets a key of another type, or the client's
 * error when Redis is unreachable.
 */
export async function applyRedisStep(
  redis: Redis,
  target: RedisTarget,
  expected: bigint,
  to: { readonly position: bigint; readonly recordedAt: Date | null },
  ops: readonly RedisOp[],
): Promise<ApplyStepResult> {
  if (to.position < expected)
    throw new TypeError(`checkpoint cannot move back from ${expected} to ${to.position}`);
  const encoded = encodeOps(ops);
  const reply = await runScript(
    redis,
    'orderflowApplyBatch',
    [target.keys.pointer, target.space.meta, ...encoded.keys],
    [
      target.requireLive === null ? '' : String(target.requireLive),
      String(INITIAL_GENERATION),
      expected.toString(),
      to.position.toString(),
      String(target.version),
      to.recordedAt ? String(to.recordedAt.getTime()) : '',
      String(ops.length),
      ...encoded.args,
    ],
  );
  const { code, value } = codeAndValue(reply);
  if (code === 1) return { outcome: 'applied', checkpoint: BigInt(value) };
  if (code === 0) return { outcome: 'stale', checkpoint: BigInt(value) };
  return { outcome: 'not-live', generation: Number(value) };
}
