import type { ProcessorKind, ProcessorView } from '@orderflow/api';
import { inspectProcessors } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import { PUBLISHED_EVENT_TYPES } from '@orderflow/kafka';
import { PAYMENT_SIMULATOR, PAYMENT_SIMULATOR_EVENT_TYPES } from '@orderflow/payment-simulator';
import { inspectProjections, projections, redisProjections } from '@orderflow/projections';
import { createOrderFulfillment, createReturns } from '@orderflow/sagas';
import { WEBHOOK_EVENT_TYPES, WEBHOOKS_PROCESSOR } from '@orderflow/webhooks';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';

/** A processor of the deployment: its name, what it feeds, the events it reads. */
export interface CatalogEntry {
  readonly name: string;
  readonly kind: ProcessorKind;
  readonly eventTypes: readonly string[];
  readonly store: string;
}

/** Which optional processors a deployment runs. */
export interface DeploymentShape {
  /** Redis configured: the Redis read models run. */
  readonly redis: boolean;
  /** Kafka configured: the integration relay runs. */
  readonly kafka: boolean;
  /** The in-process payment simulator runs (no Kafka, not turned off). */
  readonly simulator: boolean;
}

/** Every processor of a deployment of this shape: read models first, then the process managers, relay, webhooks, simulator. */
export function processorCatalog(shape: DeploymentShape): CatalogEntry[] {
  const entry = (name: string, kind: ProcessorKind, eventTypes: readonly string[], store: string) => ({
    name,
    kind,
    eventTypes,
    store,
  });
  return [
    ...projections.map((p) => entry(p.name, 'postgres-read-model', p.eventTypes, 'postgres')),
    ...(shape.redis ? redisProjections : []).map((p) =>
      entry(p.name, 'redis-read-model', p.eventTypes, 'redis'),
    ),
    ...[createOrderFulfillment(), createReturns()].map((pm) =>
      entry(pm.name, 'process-manager', pm.eventTypes, 'postgres'),
    ),
    ...(shape.kafka ? [entry('integration-relay', 'relay', PUBLISHED_EVENT_TYPES, 'kafka')] : []),
    entry(WEBHOOKS_PROCESSOR, 'webhooks', WEBHOOK_EVENT_TYPES, 'postgres'),
    ...(shape.simulator
      ? [entry(PAYMENT_SIMULATOR, 'payment-simulator', PAYMENT_SIMULATOR_EVENT_TYPES, 'eventstore')]
      : []),
  ];
}

/**
 * The processors of `entries` as seen from outside the processes that run them — what
 * `orderflow projections status` shows, and the API for processors it does not run: the read
 * models by `inspectProjections` (a Redis model's checkpoint from its Redis meta), the others by
 * `inspectProcessors` (`processor_checkpoints`), sampled `sampleMs` apart; in `entries`' order.
 */
export async function inspectEveryProcessor(
  db: Knex,
  store: EventStore,
  redis: { client: Redis; keyPrefix: string } | null,
  entries: readonly CatalogEntry[],
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProcessorView[]> {
  const models = new Set(entries.filter((e) => e.kind.endsWith('read-model')).map((e) => e.name));
  const [readModels, others] = await Promise.all([
    models.size === 0
      ? []
      : inspectProjections(
          db,
          store,
          {
            postgres: projections.filter((p) => models.has(p.name)),
            redis: redis
              ? { ...redis, projections: redisProjections.filter((p) => models.has(p.name)) }
              : undefined,
          },
          { sampleMs },
        ),
    inspectProcessors(
      db,
      store,
      entries.filter((e) => !models.has(e.name)),
      { sampleMs },
    ),
  ]);
  const byName = new Map([...readModels, ...others].map((s) => [s.name, s]));
  return entries.flatMap((e) => {
    const status = byName.get(e.name);
    return status ? [{ ...status, kind: e.kind, eventTypes: e.eventTypes }] : [];
  });
}
