import { startConsumer, type ProcessorStatus } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { webhooksProcessor } from './outbox.ts';
import {
  DEFAULT_DELIVERY_POLICY,
  startDeliveryWorker,
  type DeliveryPolicy,
  type DeliveryReports,
  type DeliveryWorker,
} from './worker.ts';

/** Options of {@link startWebhooks}. */
export interface WebhooksOptions extends DeliveryReports {
  /** Timeouts, attempts, backoff and concurrency; unset fields keep {@link DEFAULT_DELIVERY_POLICY}'s. */
  readonly policy?: Partial<DeliveryPolicy>;
  /** The processor parked an alert or started retrying (Postgres away). */
  readonly onProcessorError?: (error: unknown) => void;
}

/** Running webhooks: the outbox processor and, in the process holding its lock, the delivery worker. */
export interface Webhooks {
  /** State, checkpoint and lag of the `webhooks` processor. */
  status(): ProcessorStatus;
  stop(): Promise<void>;
}

/**
 * Starts the webhooks over `db` and `store`: the `webhooks` processor on the subscription runtime
 * (its own checkpoint; enqueues each low-stock alert for every endpoint, see `webhooksProcessor`)
 * and the delivery worker ({@link startDeliveryWorker}), which runs while this process holds the
 * processor's lock and is woken by each batch enqueued.
 */
export async function startWebhooks(
  db: Knex,
  store: EventStore,
  options: WebhooksOptions = {},
): Promise<Webhooks> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
  let worker: DeliveryWorker | null = null;
  const processor = webhooksProcessor({
    onEnqueued: () => worker?.wake(),
    async onLeadership(held) {
      if (held && !worker) worker = startDeliveryWorker(db, policy, options);
      else if (!held && worker) {
        const stopping = worker;
        worker = null;
        await stopping.stop();
      }
    },
  });
  const report = options.onProcessorError ?? (() => undefined);
  const consumer = await startConsumer({
    db,
    store,
    processors: [processor],
    onStateChange: (change) => change.to === 'retrying' && report(change.error),
    onParked: (_name, _event, error) => report(error),
    onError: (_name, error) => report(error),
  });
  return {
    status: () => consumer.status()[0]!,
    async stop() {
      await consumer.stop();
      await worker?.stop();
      worker = null;
    },
  };
}
