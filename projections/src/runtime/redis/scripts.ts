import type { Redis } from 'ioredis';
import { APPLY_BATCH_LUA, MARK_READY_LUA, RELEASE_LOCK_LUA, RENEW_LOCK_LUA, SWAP_LUA } from './lua.ts';

const SCRIPTS = {
  orderflowApplyBatch: APPLY_BATCH_LUA,
  orderflowMarkReady: MARK_READY_LUA,
  orderflowSwapGeneration: SWAP_LUA,
  orderflowRenewLock: RENEW_LOCK_LUA,
  orderflowReleaseLock: RELEASE_LOCK_LUA,
} as const;

/** Name of one of the runtime's Lua scripts. */
export type ScriptName = keyof typeof SCRIPTS;

type ScriptCall = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;
const registered = new WeakSet<Redis>();

/**
 * Runs script `name` with `keys` and `args` on `redis`. The scripts are registered once per
 * client with ioredis `defineCommand` without a fixed `numberOfKeys`, so the key count is
 * passed per call; ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT (e.g. after a
 * restart emptied the script cache).
 */
export async function runScript(
  redis: Redis,
  name: ScriptName,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  if (!registered.has(redis)) {
    for (const [command, lua] of Object.entries(SCRIPTS)) redis.defineCommand(command, { lua });
    registered.add(redis);
  }
  const call = (redis as unknown as Record<ScriptName, ScriptCall>)[name].bind(redis);
  return call(keys.length, ...keys, ...args);
}

/** A script's `{code, value}` reply as numbers and strings. */
export function codeAndValue(reply: unknown): { code: number; value: string } {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new Error(`unexpected script reply ${String(reply)}`);
  return { code: Number(reply[0]), value: String(reply[1]) };
}
