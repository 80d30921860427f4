import {
  startConsumer,
  type ExternalProcessor,
  type ProcessorStatus,
  type StateChange,
} from '@orderflow/consumer';
import { fallbackLogger, type RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Kafka, TopicMessages } from 'kafkajs';
import type { Knex } from 'knex';
import { toKafkaMessage } from '../contract/kafka-message.ts';
import { PUBLISHED_EVENT_TYPES } from '../contract/map.ts';
import type { TopicNames } from '../topics.ts';
import { createBatchSender } from './sender.ts';

/** Options of {@link startIntegrationRelay}. */
export interface IntegrationRelayOptions {
  /** Holds the relay's checkpoint (`processor_checkpoints`) and its advisory lock. */
  readonly db: Knex;
  readonly store: EventStore;
  readonly kafka: Kafka;
  /** Where to publish; the topics must exist (see `ensureTopics`). */
  readonly topics: TopicNames;
  /** Names the processor (its checkpoint and lock). Default `integration-relay`. */
  readonly name?: string;
  /** Most events per Kafka batch. Default 500. */
  readonly batchSize?: number;
  /** The relay started retrying (the brokers away: once per outage), or parked an event. Default: a fallback pino logger. */
  readonly onError?: (error: unknown) => void;
  /** Each change of the relay's state, once. */
  readonly onStateChange?: (change: StateChange) => void;
  /**
   * Called after each batch was acknowledged by the broker (its checkpoint is stored right
   * after), with the events of the batch and `Date.now()` at the acknowledgement (for
   * measurements).
   */
  readonly onPublished?: (events: readonly RecordedEvent[], ackedAt: number) => void;
}

/** A running relay. */
export interface IntegrationRelay {
  /** The checkpoint: the `$all` position up to which the broker acknowledged everything mapped. */
  readonly position: bigint;
  /** State, checkpoint and lag of the relay's processor. */
  status(): ProcessorStatus;
  /** Stops reading and sending; resolves when the batch in progress ended (sent or abandoned). */
  stop(): Promise<void>;
}

/** kafkajs' errors are the brokers' (unreachable, not leader, timed out): never an event's fault. */
const isKafkaError = (error: unknown): boolean => error instanceof Error && error.name.startsWith('KafkaJS');

/**
 * Publishes the public integration events of `$all` to Kafka (the outbound half of the
 * integration: see CONTRACT.md) as a processor of the subscription runtime
 * (`@orderflow/consumer`), subscribed to the event types that have a public mapping. Each batch
 * is sent with one idempotent `sendBatch` (acks = -1); only once the broker acknowledged does
 * the runtime move the checkpoint to the batch's last position. A broker away is retried with
 * backoff until it is back, so nothing is lost across crashes or broker restarts; a batch sent
 * again after a crash may be duplicated (same `event-id` header). Only the process holding the
 * relay's advisory lock publishes.
 */
export async function startIntegrationRelay(options: IntegrationRelayOptions): Promise<IntegrationRelay> {
  const { db, store, kafka, topics } = options;
  const name = options.name ?? 'integration-relay';
  const onError = options.onError ?? ((err: unknown) => fallbackLogger(name).error({ err }, 'relay'));
  const sender = createBatchSender(kafka);
  const relay: ExternalProcessor = {
    kind: 'external',
    name,
    eventTypes: PUBLISHED_EVENT_TYPES,
    store: 'kafka',
    batchSize: options.batchSize,
    isTransient: isKafkaError,
    async apply(events) {
      const byTopic = new Map<string, TopicMessages>();
      for (const event of events) {
        const outgoing = toKafkaMessage(event, topics);
        if (!outgoing) continue;
        const entry = byTopic.get(outgoing.topic) ?? { topic: outgoing.topic, messages: [] };
        entry.messages.push(outgoing.message);
        byTopic.set(outgoing.topic, entry);
      }
      if (byTopic.size > 0) await sender.send([...byTopic.values()]);
      options.onPublished?.(events, Date.now());
    },
  };
  const consumer = await startConsumer({
    db,
    store,
    processors: [relay],
    onStateChange: (change) => {
      options.onStateChange?.(change);
      if (change.to === 'retrying') onError(change.error);
    },
    onParked: (_name, _event, error) => onError(error),
    onError: (_name, error) => onError(error),
  });
  const status = () => consumer.status()[0]!;
  return {
    get position() {
      return status().checkpoint;
    },
    status,
    async stop() {
      await consumer.stop();
      await sender.close();
    },
  };
}
