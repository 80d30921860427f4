import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoints.ts';
import type { Projection } from './projection.ts';

/** Options of {@link startProjector}. */
export interface ProjectorOptions {
  /** Events per batch (one transaction each). Default 500. */
  readonly batchSize?: number;
  /** Called when a projection stops on an error. Default: log to stderr. */
  readonly onError?: (projection: string, error: unknown) => void;
}

/** Running projections. */
export interface Projector {
  /** Resolves when every projection has processed `$all` up to at least `position`. */
  waitFor(position: bigint, timeoutMs?: number): Promise<boolean>;
  /** Scanned position per projection (may exceed the stored checkpoint: filtered events). */
  positions(): Record<string, bigint>;
  stop(): Promise<void>;
}

/**
 * Runs each projection on its own catch-up subscription from its stored checkpoint. Every batch
 * is applied in one transaction together with the checkpoint; events at or below the stored
 * checkpoint are skipped, so a redelivered batch changes nothing.
 */
export async function startProjector(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  options: ProjectorOptions = {},
): Promise<Projector> {
  const onError =
    options.onError ??
    ((name: string, error: unknown) => console.error(`projection ${name} stopped:`, error));
  const subscriptions = new Map<string, Subscription>();
  let waiters: Array<() => void> = [];
  const notify = () => {
    const current = waiters;
    waiters = [];
    current.forEach((w) => w());
  };

  for (const projection of projections) {
    const after = await readCheckpoint(db, projection.name);
    const subscription = store.subscribeToAll({
      after,
      batchSize: options.batchSize ?? 500,
      filter: { eventTypes: projection.eventTypes },
      onEvents: async (events) => {
        await db.transaction(async (trx) => {
          const checkpoint = await lockCheckpoint(trx, projection.name);
          const fresh = events.filter((e) => e.position > checkpoint);
          if (fresh.length === 0) return;
          await projection.apply(trx, fresh);
          await saveCheckpoint(trx, projection.name, fresh.at(-1)!.position);
        });
        queueMicrotask(notify);
      },
      onCaughtUp: notify,
      onError: (error) => onError(projection.name, error),
    });
    subscriptions.set(projection.name, subscription);
  }

  const positions = () => Object.fromEntries([...subscriptions].map(([name, s]) => [name, s.position]));
  return {
    positions,
    async waitFor(position, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Object.values(positions()).some((p) => p < position)) {
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
    async stop() {
      await Promise.all([...subscriptions.values()].map((s) => s.stop()));
    },
  };
}
