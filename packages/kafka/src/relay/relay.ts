import {
  startConsumer,
  type ExternalProcessor,
  type ProcessorStatus,
  type StateChange,
} from '@orderflow/consumer';
import {
  fallbackLogger,
  hasTraceContext,
  startEventSpan,
  tracingOn,
  withoutTracing,
  type RecordedEvent,
  type TraceScope,
} from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Kafka, TopicMessages } from 'kafkajs';
import type { Knex } from 'knex';
import { toKafkaMessage, type OutgoingMessage } from '../contract/kafka-message.ts';
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

/**
 * A producer span per published event (`publish <topic>`), continued from the event's trace
 * context; the message's trace headers become the span's, so the consumer (the payment
 * provider, downstream services) continues the trace under it.
 */
class PublishSpans {
  private readonly scopes: TraceScope[] = [];

  publishing(event: RecordedEvent, outgoing: OutgoingMessage): void {
    if (!hasTraceContext(event.metadata)) return;
    const scope = startEventSpan(`publish ${outgoing.topic}`, event.metadata, {
      kind: 'producer',
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': outgoing.topic,
        'orderflow.event.id': event.id,
      },
    })!;
    scope.inject(outgoing.message.headers);
    this.scopes.push(scope);
  }

  end(error?: unknown): void {
    for (const scope of this.scopes) scope.end(error);
  }
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
      const traced = tracingOn() ? new PublishSpans() : null;
      for (const event of events) {
        const outgoing = toKafkaMessage(event, topics);
        if (!outgoing) continue;
        traced?.publishing(event, outgoing);
        const entry = byTopic.get(outgoing.topic) ?? { topic: outgoing.topic, messages: [] };
        entry.messages.push(outgoing.message);
        byTopic.set(outgoing.topic, entry);
      }
      try {
        // Each message's `traceparent` is its event's: a kafkajs instrumentation must not
        // replace them all with one batch's context, so it is suppressed for the send.
        if (byTopic.size > 0) await withoutTracing(() => sender.send([...byTopic.values()]));
        traced?.end();
      } catch (error) {
        traced?.end(error);
        throw error;
      }
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
