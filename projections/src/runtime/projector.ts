import type { RecordedEvent } from '@orderflow/core';
import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { applyBatch } from './apply.ts';
import { readCheckpointRow } from './checkpoints.ts';
import { RateMeter } from './metrics.ts';
import { countParkedEvents } from './parked.ts';
import { liveTables, type Projection } from './projection.ts';
import type { ProjectionStatus } from './status.ts';

/** Options of {@link startProjector}. */
export interface ProjectorOptions {
  /** Events per batch (one transaction each). Default 500. */
  readonly batchSize?: number;
  /** Errors: a projection whose subscription failed (it restarts after a backoff), a parked event. */
  readonly onError?: (projection: string, error: unknown) => void;
  /**
   * Called after a batch committed, with the events it applied and the change notifications
   * the projection's `apply` returned (e.g. to publish order status changes).
   */
  readonly onApplied?: (
    projection: string,
    events: readonly RecordedEvent[],
    changes: readonly unknown[],
  ) => void;
  /** Delay before a failed subscription restarts, ms. Default 1000, doubling to 30 s. */
  readonly restartDelayMs?: number;
}

/** Running projections. */
export interface Projector {
  /** Resolves true once every projection (or the named one) has scanned `$all` up to `position`. */
  waitFor(position: bigint, timeoutMs?: number, projection?: string): Promise<boolean>;
  /** Scanned position per projection (may exceed the stored checkpoint: filtered events). */
  positions(): Record<string, bigint>;
  /** Checkpoint, lag, throughput and parked events of each projection. */
  status(): Promise<ProjectionStatus[]>;
  stop(): Promise<void>;
}

interface Running {
  readonly projection: Projection;
  subscription: Subscription | null;
  readonly meter: RateMeter;
  lastAppliedAt: Date | null;
  lastError: string | null;
  caughtUp: boolean;
}

/**
 * Runs each projection on its own catch-up subscription from its stored checkpoint. Every batch
 * is applied in one transaction together with the checkpoint ({@link applyBatch}: events at or
 * below the stored checkpoint are skipped, so a redelivered batch changes nothing; a failing
 * event is retried, then parked). A subscription that fails (store unreachable, an event no
 * upcaster can read) is restarted from the stored checkpoint after a growing delay.
 */
export async function startProjector(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  options: ProjectorOptions = {},
): Promise<Projector> {
  const onError =
    options.onError ?? ((name: string, error: unknown) => console.error(`projection ${name}:`, error));
  const running = new Map<string, Running>();
  let stopped = false;
  let waiters: Array<() => void> = [];
  const notify = () => {
    const current = waiters;
    waiters = [];
    current.forEach((w) => w());
  };

  const subscribe = async (r: Running, delayMs: number): Promise<void> => {
    const { projection } = r;
    const after = (await readCheckpointRow(db, projection.name))?.position ?? 0n;
    r.subscription = store.subscribeToAll({
      after,
      batchSize: options.batchSize ?? 500,
      filter: { eventTypes: projection.eventTypes },
      onEvents: async (events) => {
        r.caughtUp = false;
        const outcome = await applyBatch(
          db,
          projection,
          events,
          { checkpoint: projection.name, tables: liveTables },
          {
            onParked: (event, error) => {
              r.lastError = `parked ${event.type} ${event.id}: ${String(error)}`;
              onError(projection.name, error);
            },
          },
        );
        r.meter.add(outcome.applied.length);
        if (outcome.applied.length) {
          r.lastAppliedAt = outcome.applied.at(-1)!.metadata.recordedAt;
          options.onApplied?.(projection.name, outcome.applied, outcome.changes);
        }
        queueMicrotask(notify);
      },
      onCaughtUp: () => {
        r.caughtUp = true;
        notify();
      },
      onError: (error) => {
        r.lastError = String(error);
        onError(projection.name, error);
        if (stopped) return;
        setTimeout(() => {
          if (!stopped)
            void subscribe(r, Math.min(30_000, delayMs * 2)).catch((e) => onError(projection.name, e));
        }, delayMs).unref();
      },
    });
  };

  for (const projection of projections) {
    const r: Running = {
      projection,
      subscription: null,
      meter: new RateMeter(10_000),
      lastAppliedAt: null,
      lastError: null,
      caughtUp: false,
    };
    running.set(projection.name, r);
    await subscribe(r, options.restartDelayMs ?? 1000);
  }

  const positions = () =>
    Object.fromEntries([...running].map(([name, r]) => [name, r.subscription?.position ?? 0n]));

  return {
    positions,
    async waitFor(position, timeoutMs = 5000, projection) {
      const deadline = Date.now() + timeoutMs;
      const behind = () =>
        [...running.values()].some(
          (r) =>
            (!projection || r.projection.name === projection) && (r.subscription?.position ?? 0n) < position,
        );
      while (behind()) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 100));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return true;
    },
    async status() {
      const head = await store.headPosition();
      const parked = await countParkedEvents(db);
      return Promise.all(
        [...running.values()].map(async (r): Promise<ProjectionStatus> => {
          const row = await readCheckpointRow(db, r.projection.name);
          const scanned = r.subscription?.position ?? 0n;
          const behind = scanned < head;
          return {
            name: r.projection.name,
            store: 'postgres',
            version: row?.version ?? r.projection.version,
            state:
              r.lastError && !r.caughtUp ? 'unavailable' : behind && !r.caughtUp ? 'catching-up' : 'running',
            checkpoint: row?.position ?? 0n,
            lagPositions: behind ? head - scanned : 0n,
            lagMs: behind && r.lastAppliedAt ? Math.max(0, Date.now() - r.lastAppliedAt.getTime()) : 0,
            eventsPerSecond: r.meter.perSecond(),
            parked: parked.get(r.projection.name) ?? 0,
            lastError: r.lastError,
          };
        }),
      );
    },
    async stop() {
      stopped = true;
      await Promise.all([...running.values()].map((r) => r.subscription?.stop()));
    },
  };
}
