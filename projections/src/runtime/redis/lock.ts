import { randomBytes } from 'node:crypto';
import { OrderflowError } from '@orderflow/core';
import type { Redis } from 'ioredis';
import type { ProjectionKeys } from './keys.ts';
import { runScript } from './scripts.ts';

/** A held rebuild/verify lock of one projection. */
export interface ProjectionLock {
  /** `<kind>:<random>`; the swap script checks it too. */
  readonly token: string;
  /** True once a renewal found the lock taken over or expired (Redis was away past the TTL). */
  readonly lost: boolean;
  /** Stops renewing and deletes the lock if still ours. Never throws. */
  release(): Promise<void>;
}

/**
 * Takes the lock of projection `name` (SET NX PX `ttlMs`, default 30 s) and renews it every
 * third of the TTL while held. One rebuild or verify runs per projection at a time. Throws
 * INVALID_STATE "a rebuild of <name> is already running" (or "a verify of …", after the
 * holder's kind) when someone else holds it.
 */
export async function acquireProjectionLock(
  redis: Redis,
  keys: ProjectionKeys,
  name: string,
  kind: 'rebuild' | 'verify',
  ttlMs = 30_000,
): Promise<ProjectionLock> {
  const token = `${kind}:${randomBytes(8).toString('hex')}`;
  if ((await redis.set(keys.lock, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    const holder = (await redis.get(keys.lock))?.split(':')[0] ?? kind;
    throw new OrderflowError('INVALID_STATE', `a ${holder} of ${name} is already running`, {
      projection: name,
    });
  }
  let lost = false;
  const timer = setInterval(() => {
    runScript(redis, 'orderflowRenewLock', [keys.lock], [token, String(ttlMs)]).then(
      (renewed) => void (renewed === 1 || (lost = true)),
      () => undefined,
    );
  }, ttlMs / 3);
  timer.unref();
  return {
    token,
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      await runScript(redis, 'orderflowReleaseLock', [keys.lock], [token]).catch(() => undefined);
    },
  };
}
