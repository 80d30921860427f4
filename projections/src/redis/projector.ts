import { systemClock, type Clock } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { countParkedEvents, parkEvent } from '../runtime/parked.ts';
import type { ProjectionState, ProjectionStatus } from '../runtime/status.ts';
import { projectionKeys } from './keys.ts';
import type { RedisProjection } from './projection.ts';
import { RedisProjectionRunner } from './runner.ts';

/** Options of {@link startRedisProjector}. */
export interface RedisProjectorOptions {
  /** A client made with `createRedisClient` (fails fast while Redis is down). */
  readonly redis: Redis;
  readonly store: EventStore;
  /** Postgres, for `projection_parked`. */
  readonly db: Knex;
  readonly projections: readonly RedisProjection[];
  /** First part of every key's hash tag: `{of:<keyPrefix>:<projection>}`. `[A-Za-z0-9_.:-]+`. */
  readonly keyPrefix: string;
  /** Events per batch (one Lua step each). Default 500. */
  readonly batchSize?: number;
  /** Redis outages (once per outage), parked events, subscription failures. Default: stderr. */
  readonly onError?: (projection: string, error: unknown) => void;
  readonly clock?: Clock;
  /** How often the head is sampled and each runner's generation checked, ms. Default 1000. */
  readonly checkIntervalMs?: number;
}

/** Running Redis projections. */
export interface RedisProjector {
  /** Health of each projection (store `redis`), from memory: no I/O. */
  status(): ProjectionStatus[];
  /**
   * True when `projection` can answer queries: Redis reachable, caught up at least once since
   * (re)connecting, and caught up with the head, or last caught up at most `maxLagMs` ago
   * (default 5000) — the model then reflects the log as it was at most that long ago. The
   * `isAvailable` of `withFallback`.
   */
  isFresh(projection: string, maxLagMs?: number): boolean;
  /** Resolves true once every projection (or the named one) has scanned `$all` up to `position`. */
  waitFor(position: bigint, timeoutMs?: number, projection?: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs each Redis projection on its own catch-up subscription (see `RedisProjectionRunner`):
 * batches and checkpoint in one Lua step, failing events retried then parked in Postgres,
 * Redis outages waited out with backoff (state `unavailable`), resumed from the Redis
 * checkpoint — or rebuilt from 0n when Redis lost the data — and switched to a new generation
 * after a blue-green rebuild. The client's `ready` event ends a backoff early. Samples the head position of `$all` once per `checkIntervalMs`.
 */
export async function startRedisProjector(options: RedisProjectorOptions): Promise<RedisProjector> {
  const { redis, store, db } = options;
  const clock = options.clock ?? systemClock;
  const onError =
    options.onError ?? ((name: string, error: unknown) => console.error(`redis projection ${name}:`, error));
  const parkedAtStart = await countParkedEvents(db);
  let waiters: Array<() => void> = [];
  const notify = () => {
    const current = waiters;
    waiters = [];
    current.forEach((w) => w());
  };
  const runners = new Map<string, RedisProjectionRunner>();
  for (const projection of options.projections) {
    const runner = new RedisProjectionRunner({
      redis,
      store,
      projection,
      keys: projectionKeys(options.keyPrefix, projection.name),
      batchSize: options.batchSize ?? 500,
      clock,
      park: (event, error, attempts) =>
        db.transaction((trx) => parkEvent(trx, projection.name, event, error, attempts)),
      onError,
      onProgress: notify,
    });
    runner.parked = parkedAtStart.get(projection.name) ?? 0;
    runners.set(projection.name, runner);
  }

  let head = 0n;
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      head = await store.headPosition().catch(() => head);
      await Promise.all([...runners.values()].map((r) => r.check()));
    } finally {
      ticking = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.checkIntervalMs ?? 1000);
  timer.unref();
  // Reconnected: do not wait for the rest of a backoff.
  const reconnected = () => runners.forEach((r) => r.retryNow());
  redis.on('ready', reconnected);

  const statusOf = (r: RedisProjectionRunner, name: string, version: number): ProjectionStatus => {
    const lagPositions = head > r.scanned ? head - r.scanned : 0n;
    const lagMs =
      lagPositions > 0n && r.lastRecordedAt
        ? Math.max(0, clock.now().getTime() - r.lastRecordedAt.getTime())
        : 0;
    const state: ProjectionState = r.stopped
      ? 'stopped'
      : r.available === false
        ? 'unavailable'
        : !r.caughtUpOnce || lagPositions > 1000n
          ? 'catching-up'
          : 'running';
    return {
      name,
      store: 'redis',
      version: r.version ?? version,
      state,
      checkpoint: r.checkpoint,
      lagPositions,
      lagMs,
      eventsPerSecond: r.meter.perSecond(),
      parked: r.parked,
      lastError: r.outageError ?? r.failure,
    };
  };

  return {
    status: () => options.projections.map((p) => statusOf(runners.get(p.name)!, p.name, p.version)),
    isFresh(name, maxLagMs = 5000) {
      const r = runners.get(name);
      if (!r || r.stopped || !r.available || !r.caughtUpOnce) return false;
      return head <= r.scanned || clock.now().getTime() - r.caughtUpAt <= maxLagMs;
    },
    async waitFor(position, timeoutMs = 5000, projection) {
      const deadline = Date.now() + timeoutMs;
      const behind = () =>
        [...runners].some(([name, r]) => (!projection || name === projection) && r.scanned < position);
      while (behind()) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 100));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return true;
    },
    async stop() {
      clearInterval(timer);
      redis.off('ready', reconnected);
      await Promise.all([...runners.values()].map((r) => r.stop()));
      notify();
    },
  };
}
