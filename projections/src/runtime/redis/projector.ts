import { startConsumer, type StateChange } from '@orderflow/consumer';
import { fallbackLogger, systemClock, type Clock } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { ProjectionStatus } from '../status.ts';
import { projectionKeys } from './keys.ts';
import { redisLiveProcessor } from './live-processor.ts';
import type { RedisProjection } from './projection.ts';

/** Options of {@link startRedisProjector}. */
export interface RedisProjectorOptions {
  /** A client made with `createRedisClient` (fails fast while Redis is down). */
  readonly redis: Redis;
  readonly store: EventStore;
  /** Postgres: parked events (`processor_parked`) and the projections' advisory locks. */
  readonly db: Knex;
  readonly projections: readonly RedisProjection[];
  /** First part of every key's hash tag: `{of:<keyPrefix>:<projection>}`. `[A-Za-z0-9_.:-]+`. */
  readonly keyPrefix: string;
  /** Events per batch (one Lua step each). Default 500. */
  readonly batchSize?: number;
  /** A projection that started retrying (a Redis outage: once per outage) or parked an event. Default: stderr. */
  readonly onError?: (projection: string, error: unknown) => void;
  /** Every change of a projection's state, once. */
  readonly onStateChange?: (change: StateChange) => void;
  readonly clock?: Clock;
  /** How often the head is sampled and each projection's generation checked, ms. Default 1000. */
  readonly checkIntervalMs?: number;
}

/** Running Redis projections. */
export interface RedisProjector {
  /** Health of each projection (store `redis`), from memory: no I/O. */
  status(): ProjectionStatus[];
  /**
   * True when `projection` can answer queries: this process applies it, it caught up at least
   * once since (re)starting (state `running`), and it is caught up with the head or last caught
   * up at most `maxLagMs` ago (default 5000) — the model then reflects the log as it was at
   * most that long ago. The `isAvailable` of `withFallback`.
   */
  isFresh(projection: string, maxLagMs?: number): boolean;
  /** Resolves true once every projection (or the named one) has scanned `$all` up to `position`. */
  waitFor(position: bigint, timeoutMs?: number, projection?: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs the Redis read models on the subscription runtime (`@orderflow/consumer`), one
 * processor each ({@link redisLiveProcessor}): batch and checkpoint in one Lua step, failing
 * events retried then parked in Postgres, Redis outages waited out with backoff (state
 * `retrying`) and resumed from the Redis checkpoint — or rebuilt from 0n when Redis lost the
 * data — and switched to a new generation after a blue-green rebuild. Only the process holding
 * a projection's advisory lock applies it. The client's `ready` event ends a backoff early.
 */
export async function startRedisProjector(options: RedisProjectorOptions): Promise<RedisProjector> {
  const { redis, store, db } = options;
  const clock = options.clock ?? systemClock;
  const onError =
    options.onError ??
    ((projection: string, err: unknown) =>
      fallbackLogger('redis-projector').error({ err, projection }, 'redis projection'));
  const consumer = await startConsumer({
    db,
    store,
    clock,
    batchSize: options.batchSize,
    checkIntervalMs: options.checkIntervalMs,
    processors: options.projections.map((p) =>
      redisLiveProcessor(redis, p, projectionKeys(options.keyPrefix, p.name)),
    ),
    onStateChange: (change) => {
      options.onStateChange?.(change);
      if (change.to === 'retrying') onError(change.processor, change.error);
    },
    onParked: (name, _event, error) => onError(name, error),
    onError,
  });
  // Reconnected: do not wait for the rest of a backoff.
  const reconnected = () => consumer.retryNow();
  redis.on('ready', reconnected);
  const versions = new Map(options.projections.map((p) => [p.name, p.version]));
  const status = (): ProjectionStatus[] =>
    consumer.status().map((s) => ({ ...s, store: 'redis', version: s.version ?? versions.get(s.name)! }));

  return {
    status,
    isFresh(name, maxLagMs = 5000) {
      const s = status().find((p) => p.name === name);
      if (!s || s.state !== 'running') return false;
      return s.lagPositions === 0n || clock.now().getTime() - (s.caughtUpAt?.getTime() ?? 0) <= maxLagMs;
    },
    waitFor: (position, timeoutMs, projection) => consumer.waitFor(position, timeoutMs, projection),
    async stop() {
      redis.off('ready', reconnected);
      await consumer.stop();
    },
  };
}
