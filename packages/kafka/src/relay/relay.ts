import type { RecordedEvent } from '@orderflow/core';
import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Kafka, TopicMessages } from 'kafkajs';
import type { Knex } from 'knex';
import { toKafkaMessage } from '../contract/kafka-message.ts';
import { PUBLISHED_EVENT_TYPES } from '../contract/map.ts';
import type { TopicNames } from '../topics.ts';
import { loadCheckpoint, saveCheckpoint } from './schema.ts';
import { createReliableSender } from './sender.ts';

/** Options of {@link startIntegrationRelay}. */
export interface IntegrationRelayOptions {
  /** Holds the `relay_checkpoints` table ({@link kafkaMigrations}). */
  readonly db: Knex;
  readonly store: EventStore;
  readonly kafka: Kafka;
  /** Where to publish; the topics must exist (see `ensureTopics`). */
  readonly topics: TopicNames;
  /** Names the checkpoint. Default `integration-relay`. */
  readonly name?: string;
  /** Most events per Kafka batch. Default 500. */
  readonly batchSize?: number;
  /** Failed sends (retried) and a stopped subscription. Default: console.error. */
  readonly onError?: (error: unknown) => void;
  /**
   * Called after each batch was acknowledged by the broker and checkpointed, with the events
   * of the batch and `Date.now()` at the acknowledgement (for measurements).
   */
  readonly onPublished?: (events: readonly RecordedEvent[], ackedAt: number) => void;
}

/** A running relay. */
export interface IntegrationRelay {
  /** The checkpoint: the `$all` position up to which the broker acknowledged everything mapped. */
  readonly position: bigint;
  /** Stops reading and sending; resolves when the batch in progress ended (sent or abandoned). */
  stop(): Promise<void>;
}

/**
 * Publishes the public integration events of `$all` to Kafka (the outbound half of the
 * integration: see CONTRACT.md). It subscribes from its checkpoint to the event types that have
 * a public mapping; for each batch it sends every mapped message with one idempotent
 * `sendBatch` (acks = -1), retrying until the broker acknowledges, and only then moves the
 * checkpoint to the batch's last position. So nothing is lost across crashes or broker
 * restarts; a batch sent again after a crash may be duplicated (same `event-id` header).
 */
export async function startIntegrationRelay(options: IntegrationRelayOptions): Promise<IntegrationRelay> {
  const { db, store, kafka, topics } = options;
  const name = options.name ?? 'integration-relay';
  const onError = options.onError ?? ((e: unknown) => console.error(`relay ${name}:`, e));
  let position = await loadCheckpoint(db, name);
  let stopping = false;
  const sender = createReliableSender(kafka, { onError: (e) => onError(e) });

  const publish = async (events: RecordedEvent[]) => {
    if (stopping) return; // never move the checkpoint past a batch that was not sent
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const outgoing = toKafkaMessage(event, topics);
      if (!outgoing) continue;
      const entry = byTopic.get(outgoing.topic) ?? { topic: outgoing.topic, messages: [] };
      entry.messages.push(outgoing.message);
      byTopic.set(outgoing.topic, entry);
    }
    if (byTopic.size > 0 && !(await sender.send([...byTopic.values()], () => stopping))) return;
    const ackedAt = Date.now();
    const last = events.at(-1)!.position;
    await retry(
      () => saveCheckpoint(db, name, last),
      onError,
      () => stopping,
    );
    position = last;
    options.onPublished?.(events, ackedAt);
  };

  const subscription: Subscription = store.subscribeToAll({
    after: position,
    filter: { eventTypes: PUBLISHED_EVENT_TYPES },
    batchSize: options.batchSize ?? 500,
    onEvents: publish,
    onError,
  });

  return {
    get position() {
      return position;
    },
    async stop() {
      stopping = true;
      await subscription.stop();
      await sender.close();
    },
  };
}

/** Runs `fn` until it succeeds or `cancelled()`; backoff 50 ms doubling up to 2 s. */
async function retry(fn: () => Promise<void>, onError: (e: unknown) => void, cancelled: () => boolean) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      onError(error);
      if (cancelled()) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}
