import { watchSagaChanges, type SagaChangeWatch, type SagaSummary } from '@orderflow/sagas';
import type { Knex } from 'knex';
import { filterIterator } from './filter-iterator.ts';
import type { PubSub } from './subscriptions.ts';

/** The pubsub topic every saga change is published on (subscribers filter by id or type). */
export const SAGA_UPDATED_TOPIC = 'sagaUpdated';

/** Publishes saga changes while anyone subscribes (see {@link createSagaUpdateFeed}). */
export interface SagaUpdateFeed {
  /**
   * The changes of the sagas `matches` accepts, each as `toPayload(summary)`, until the
   * consumer stops iterating. The step-log watch runs while at least one consumer iterates.
   */
  subscribe<T>(
    pubsub: PubSub,
    matches: (saga: SagaSummary) => boolean,
    toPayload: (saga: SagaSummary) => T,
  ): Promise<AsyncIterable<T>>;
  stop(): Promise<void>;
}

/**
 * The source of the `sagaUpdated` subscription: a {@link watchSagaChanges} poll of the step log
 * (so operator actions from the CLI or another process show too), started by the first
 * subscriber and stopped after the last, so an API nobody watches pays nothing.
 */
export function createSagaUpdateFeed(
  db: Knex,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): SagaUpdateFeed {
  let subscribers = 0;
  let watch: Promise<SagaChangeWatch> | null = null;
  let target: PubSub | null = null;

  const acquire = (pubsub: PubSub) => {
    subscribers += 1;
    target = pubsub;
    watch ??= watchSagaChanges(db, {
      intervalMs: options.intervalMs,
      onError: options.onError,
      onChanges: (sagas) => {
        for (const saga of sagas) target?.publish({ topic: SAGA_UPDATED_TOPIC, payload: saga });
      },
    });
    return watch;
  };
  const release = async () => {
    subscribers -= 1;
    if (subscribers > 0 || !watch) return;
    const stopping = watch;
    watch = null;
    await (await stopping).stop();
  };

  return {
    async subscribe<T>(
      pubsub: PubSub,
      matches: (saga: SagaSummary) => boolean,
      toPayload: (saga: SagaSummary) => T,
    ): Promise<AsyncIterable<T>> {
      await acquire(pubsub);
      const source = ((await pubsub.subscribe(SAGA_UPDATED_TOPIC)) as AsyncIterable<SagaSummary>)[
        Symbol.asyncIterator
      ]();
      return filterIterator(source, matches, toPayload, release);
    },
    async stop() {
      subscribers = 0;
      const stopping = watch;
      watch = null;
      if (stopping) await (await stopping).stop();
    },
  };
}
