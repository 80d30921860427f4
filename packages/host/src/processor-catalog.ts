import type { ProcessorKind, ProcessorView } from '@orderflow/api';
import { inspectProcessors, type ProcessorStatus } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import { PUBLISHED_EVENT_TYPES } from '@orderflow/kafka';
import { PAYMENT_SIMULATOR, PAYMENT_SIMULATOR_EVENT_TYPES } from '@orderflow/payment-simulator';
import {
  inspectProjections,
  projections,
  redisProjections,
  type RedisProjection,
} from '@orderflow/projections';
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

/** Longest wait for the Redis read models' checkpoints, ms: Redis away must not hang the status. */
const REDIS_READ_TIMEOUT_MS = 2000;

/**
 * The processors of `entries` as seen from outside the processes that run them — what
 * `orderflow projections status` shows, and the API for processors it does not run: the
 * Postgres read models by `inspectProjections`, the Redis ones likewise from their Redis meta
 * (when Redis does not answer within 2 s: `stopped` at checkpoint 0 with the error as
 * lastError), the others by `inspectProcessors` (`processor_checkpoints`), sampled `sampleMs`
 * apart; in `entries`' order.
 */
export async function inspectEveryProcessor(
  db: Knex,
  store: EventStore,
  redis: { client: Redis; keyPrefix: string } | null,
  entries: readonly CatalogEntry[],
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProcessorView[]> {
  const named = <T extends { name: string }>(list: readonly T[]) =>
    list.filter((p) => entries.some((e) => e.name === p.name));
  const postgres = named(projections);
  const inRedis = redis ? named(redisProjections) : [];
  const [pgModels, redisModels, others] = await Promise.all([
    postgres.length === 0 ? [] : inspectProjections(db, store, { postgres }, { sampleMs }),
    inRedis.length === 0 ? [] : inspectRedisModels(db, store, redis!, inRedis, sampleMs),
    inspectProcessors(
      db,
      store,
      entries.filter((e) => !e.kind.endsWith('read-model')),
      { sampleMs },
    ),
  ]);
  const byName = new Map<string, ProcessorStatus>(
    [...pgModels, ...redisModels, ...others].map((s) => [s.name, s]),
  );
  return entries.flatMap((e) => {
    const status = byName.get(e.name);
    return status ? [{ ...status, kind: e.kind, eventTypes: e.eventTypes }] : [];
  });
}

async function inspectRedisModels(
  db: Knex,
  store: EventStore,
  redis: { client: Redis; keyPrefix: string },
  models: readonly RedisProjection[],
  sampleMs: number,
): Promise<ProcessorStatus[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer within ${REDIS_READ_TIMEOUT_MS} ms`)),
      REDIS_READ_TIMEOUT_MS + sampleMs,
    );
  });
  try {
    return await Promise.race([
      inspectProjections(db, store, { postgres: [], redis: { ...redis, projections: models } }, { sampleMs }),
      timeout,
    ]);
  } catch (error) {
    const now = new Date();
    return models.map((p) => ({
      name: p.name,
      store: 'redis',
      version: p.version,
      state: 'stopped' as const,
      since: now,
      checkpoint: 0n,
      scanned: 0n,
      lagPositions: 0n,
      lagMs: 0,
      eventsPerSecond: 0,
      eventsApplied: 0,
      parked: 0,
      lastError: `cannot read its checkpoint: ${(error as Error).message}`,
      caughtUpAt: null,
    }));
  } finally {
    clearTimeout(timer);
  }
}
