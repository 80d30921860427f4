import type { CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { startPaymentCallbackConsumer, type PaymentCallbackConsumer } from './callbacks/consumer.ts';
import { CONSUMER_RETRY, createKafkaClient, type KafkaLogSink } from './client.ts';
import { groupLagReader, type GroupLagReader } from './group-lag.ts';
import { startIntegrationRelay, type IntegrationRelay } from './relay/relay.ts';
import { createTopicNames, ensureTopics, type TopicNames } from './topics.ts';

/** Options of {@link startKafkaIntegration}. */
export interface KafkaIntegrationOptions {
  readonly db: Knex;
  readonly store: EventStore;
  readonly run: CommandRunner;
  /** `host:port` of the brokers. */
  readonly brokers: readonly string[];
  /** Put in front of every topic name and the consumer group id (tests); default none. */
  readonly topicPrefix?: string;
  /** Default `orderflow`. */
  readonly clientId?: string;
  readonly onError?: (error: unknown) => void;
  /** kafkajs' own log entries (see `createKafkaClient`); default core's fallback logger. */
  readonly logger?: KafkaLogSink;
}

/** The Kafka roles running in this process. */
export interface KafkaIntegration {
  readonly topics: TopicNames;
  readonly relay: IntegrationRelay;
  readonly callbacks: Pick<PaymentCallbackConsumer, 'health'>;
  /** The callback consumer group's lag on payments.callbacks, per partition (see `groupLagReader`). */
  readonly callbackLag: GroupLagReader['read'];
  /** The callback consumer group's id. */
  readonly callbackGroupId: string;
  /** Stops the callback consumer, then the relay. */
  stop(): Promise<void>;
}

/**
 * Everything Orderflow does with Kafka, for the composition root: creates the topics that are
 * missing, starts the integration relay (events out) and the payment callback consumer
 * (provider answers in, group `<prefix>orderflow-payment-callbacks`). Payment requests then
 * leave through payments.requests, so the in-process payment simulator must not run.
 * @throws the kafkajs error when the brokers cannot be reached.
 */
export async function startKafkaIntegration(options: KafkaIntegrationOptions): Promise<KafkaIntegration> {
  const prefix = options.topicPrefix ?? '';
  const kafka = createKafkaClient({
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
  });
  const topics = createTopicNames(prefix);
  await ensureTopics(kafka, topics);
  const relay = await startIntegrationRelay({
    db: options.db,
    store: options.store,
    kafka,
    topics,
    onError: options.onError,
  });
  try {
    const callbacks = await startPaymentCallbackConsumer({
      // Its own client: the consumer rides an outage out in kafkajs' retries (CONSUMER_RETRY),
      // keeping its group membership, while the relay's sends fail over to its own backoff.
      kafka: createKafkaClient({
        brokers: options.brokers,
        clientId: options.clientId,
        retry: CONSUMER_RETRY,
        logger: options.logger,
      }),
      run: options.run,
      topics,
      groupId: `${prefix}orderflow-payment-callbacks`,
    });
    const callbackGroupId = `${prefix}orderflow-payment-callbacks`;
    const lag = groupLagReader(kafka, callbackGroupId, [topics.paymentCallbacks]);
    return {
      topics,
      relay,
      callbacks,
      callbackLag: () => lag.read(),
      callbackGroupId,
      async stop() {
        await callbacks.stop();
        await lag.close();
        await relay.stop();
      },
    };
  } catch (error) {
    await relay.stop();
    throw error;
  }
}
