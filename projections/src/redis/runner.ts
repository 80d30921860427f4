import type { Clock, RecordedEvent } from '@orderflow/core';
import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import { RateMeter } from '../runtime/metrics.ts';
import { applyRedisStep, type RedisTarget } from './apply-step.ts';
import { applyEventsToRedis, type RedisBatchPolicy } from './batch.ts';
import { isRedisOutage } from './errors.ts';
import { markReady, readLive } from './generations.ts';
import { INITIAL_GENERATION, type ProjectionKeys } from './keys.ts';
import type { RedisProjection } from './projection.ts';

/** What a {@link RedisProjectionRunner} needs. */
export interface RunnerDeps {
  readonly redis: Redis;
  readonly store: EventStore;
  readonly projection: RedisProjection;
  readonly keys: ProjectionKeys;
  readonly batchSize: number;
  readonly clock: Clock;
  /** Records a parked event (Postgres `projection_parked`). */
  readonly park: RedisBatchPolicy['park'];
  readonly onError: (projection: string, error: unknown) => void;
  /** Called after progress (a batch applied, caught up), to wake `waitFor`. */
  readonly onProgress: () => void;
}

/** Ends a subscription so that the runner starts again from what Redis holds. */
class Restart {
  constructor(readonly reason: string) {}
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * One Redis projection's live loop: read the live generation and its checkpoint, subscribe
 * after it, apply batches (see `applyEventsToRedis`), and start over when Redis is unreachable
 * (after a backoff of 100 ms doubling to 5 s), when the live generation changed (a rebuild
 * swapped) or when the stored checkpoint is not where this runner left it (another writer, or
 * Redis lost its data: the meta is gone, so the generation is rebuilt from 0n).
 */
export class RedisProjectionRunner {
  generation = INITIAL_GENERATION;
  /** The stored checkpoint as last read or written. */
  checkpoint = 0n;
  /** Position scanned by the subscription (≥ checkpoint: filtered events count). */
  scanned = 0n;
  /** Version the live generation was built with. */
  version: number | null = null;
  lastRecordedAt: Date | null = null;
  /** Null before the first connection attempt. */
  available: boolean | null = null;
  caughtUpOnce = false;
  /** When the subscription last reported it had delivered everything (ms, runner's clock). */
  caughtUpAt = 0;
  /** Why Redis is unavailable, while it is. */
  outageError: string | null = null;
  /** The last other failure: a parked event, a subscription error. */
  failure: string | null = null;
  parked = 0;
  stopped = false;
  readonly meter: RateMeter;
  readonly done: Promise<void>;
  private subscription: Subscription | null = null;
  private finish: ((reason: unknown) => void) | null = null;
  private wakeSleeper: (() => void) | null = null;

  constructor(private readonly deps: RunnerDeps) {
    this.meter = new RateMeter(10_000, () => deps.clock.now().getTime());
    this.done = this.loop();
  }

  private get target(): RedisTarget {
    const { keys, projection } = this.deps;
    return {
      keys,
      space: keys.generation(this.generation),
      requireLive: this.generation,
      version: projection.version,
    };
  }

  private async loop(): Promise<void> {
    let delay = 100;
    while (!this.stopped) {
      let reason: unknown;
      try {
        await this.connect();
        delay = 100;
        reason = await this.follow();
      } catch (error) {
        reason = error;
      }
      if (this.stopped) break;
      if (reason instanceof Restart || reason === null) {
        await this.sleep(20);
        continue;
      }
      if (isRedisOutage(reason)) {
        if (this.available !== false) this.deps.onError(this.deps.projection.name, reason);
        this.available = false;
        this.outageError = describe(reason);
      } else {
        this.failure = describe(reason);
        this.deps.onError(this.deps.projection.name, reason);
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        this.wakeSleeper = null;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async connect(): Promise<void> {
    const { redis, projection } = this.deps;
    const live = await readLive(redis, this.deps.keys);
    this.generation = live.generation;
    let meta = live.meta;
    if (!meta) {
      // New, or Redis lost its data: start this generation over from the beginning of `$all`.
      const init = await applyRedisStep(redis, this.target, 0n, { position: 0n, recordedAt: null }, []);
      if (init.outcome !== 'applied') throw new Restart(`initialising the meta: ${init.outcome}`);
      meta = { checkpoint: 0n, version: projection.version, ready: false, recordedAt: null };
    }
    this.checkpoint = meta.checkpoint;
    this.scanned = meta.checkpoint;
    this.version = meta.version;
    this.lastRecordedAt = meta.recordedAt;
    this.caughtUpOnce = false;
    this.available = true;
    this.outageError = null;
  }

  /** Runs one subscription until it fails, is interrupted or stopped; resolves with why. */
  private async follow(): Promise<unknown> {
    const { store, projection } = this.deps;
    let finish: (reason: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => (finish = resolve));
    this.finish = finish; // the first reason wins: a promise resolves once
    const subscription = store.subscribeToAll({
      after: this.checkpoint,
      batchSize: this.deps.batchSize,
      filter: { eventTypes: projection.eventTypes },
      onEvents: (events) => this.onEvents(events),
      onCaughtUp: (position) => this.onCaughtUp(position),
      onError: (error) => finish(error),
    });
    this.subscription = subscription;
    void subscription.done.then(() => finish(null));
    const reason = await ended;
    this.finish = null;
    this.subscription = null;
    await subscription.stop();
    return reason;
  }

  private async onEvents(events: RecordedEvent[]): Promise<void> {
    const { redis, projection, keys } = this.deps;
    const pointer = await redis.get(keys.pointer);
    if ((pointer === null ? INITIAL_GENERATION : Number(pointer)) !== this.generation)
      throw new Restart('the live generation changed');
    const fresh = events.filter((e) => e.position > this.checkpoint);
    if (fresh.length === 0) return;
    const result = await applyEventsToRedis(redis, projection, this.target, this.checkpoint, fresh, {
      park: async (event, error, attempts) => {
        await this.deps.park(event, error, attempts);
        this.failure = `parked ${event.type} ${event.id} at ${event.position}: ${describe(error)}`;
        this.deps.onError(projection.name, error);
      },
    });
    if (result.outcome !== 'applied') throw new Restart(`batch refused: ${result.outcome}`);
    this.checkpoint = result.checkpoint;
    if (this.checkpoint > this.scanned) this.scanned = this.checkpoint;
    this.lastRecordedAt = fresh.at(-1)!.metadata.recordedAt;
    this.meter.add(fresh.length - result.parked.length);
    this.parked += result.parked.length;
    queueMicrotask(this.deps.onProgress);
  }

  private onCaughtUp(position: bigint): void {
    if (position > this.scanned) this.scanned = position;
    this.caughtUpAt = this.deps.clock.now().getTime();
    if (!this.caughtUpOnce) {
      this.caughtUpOnce = true;
      void markReady(this.deps.redis, this.deps.keys.generation(this.generation)).catch(() => undefined);
    }
    this.deps.onProgress();
  }

  /**
   * Health check (the projector calls it about once a second): restarts the subscription when
   * Redis became unreachable, the generation's meta vanished (Redis lost its data) or another
   * generation became live — things an idle subscription would not notice.
   */
  async check(): Promise<void> {
    if (!this.subscription || !this.finish) return;
    const space = this.deps.keys.generation(this.generation);
    try {
      const [pointer, exists] = (await this.deps.redis
        .multi()
        .get(this.deps.keys.pointer)
        .hexists(space.meta, 'checkpoint')
        .exec()) as [[Error | null, string | null], [Error | null, number]];
      if (pointer[0] || exists[0]) throw pointer[0] ?? exists[0];
      const live = pointer[1] === null ? INITIAL_GENERATION : Number(pointer[1]);
      if (exists[1] !== 1 || live !== this.generation)
        this.finish?.(new Restart('generation lost or swapped'));
    } catch (error) {
      if (isRedisOutage(error)) this.finish?.(error);
    }
  }

  /** Ends a backoff wait early (the projector calls it when the client reconnects). */
  retryNow(): void {
    this.wakeSleeper?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.finish?.(null);
    this.wakeSleeper?.();
    await this.done;
  }
}
