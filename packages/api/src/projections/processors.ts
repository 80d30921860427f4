import { projections, redisProjections, type ProcessorStatus } from '@orderflow/projections';
import type { ReadModels } from '../graphql/freshness.ts';

/** What a processor feeds: a read model (Postgres or Redis), a process manager, the Kafka relay, webhooks, the payment simulator. */
export type ProcessorKind =
  'postgres-read-model' | 'redis-read-model' | 'process-manager' | 'relay' | 'webhooks' | 'payment-simulator';

/** One processor on the subscription runtime, with what it feeds and the event types it reads. */
export type ProcessorView = ProcessorStatus & {
  readonly kind: ProcessorKind;
  readonly eventTypes: readonly string[];
};

/**
 * Every processor the API can report on; the host lists those of every role (in this process
 * from memory, the others from their checkpoints). Without a host: the read models only.
 */
export type ListProcessors = () => Promise<readonly ProcessorView[]>;

/** The read models' statuses as processor views (when the host gives no list of its own). */
export function readModelProcessors(readModels: ReadModels): ListProcessors {
  return async () =>
    (await readModels.status()).map((s) => ({
      ...s,
      kind: s.store === 'redis' ? ('redis-read-model' as const) : ('postgres-read-model' as const),
      eventTypes: [...projections, ...redisProjections].find((p) => p.name === s.name)?.eventTypes ?? [],
    }));
}
