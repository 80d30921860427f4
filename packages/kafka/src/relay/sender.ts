import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';

/** Sends batches to the brokers, one try per call; see {@link createBatchSender}. */
export interface BatchSender {
  /**
   * Resolves once every message is acknowledged by all in-sync replicas (acks = -1).
   * @throws the kafkajs error (its name starts with `KafkaJS`) when the brokers did not
   *   acknowledge within kafkajs' own retries; the producer is then dropped.
   */
  send(topicMessages: TopicMessages[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A sender over an idempotent kafkajs producer (`idempotent: true`, `maxInFlightRequests: 1`:
 * the broker drops a producer's retried duplicates and keeps its order within a partition).
 * kafkajs retries each send a few times itself (about 2.5 s); when that fails too, this sender
 * disconnects the producer and throws, and the caller (the relay, on the subscription runtime)
 * waits with backoff and sends the whole batch again with a new producer. A new producer has a
 * new producer id, so part of the batch may then be written twice: delivery is at-least-once,
 * and consumers dedupe by the `event-id` header.
 */
export function createBatchSender(kafka: Kafka): BatchSender {
  let producer: Producer | null = null;
  const connected = async (): Promise<Producer> => {
    if (producer) return producer;
    const fresh = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    try {
      await fresh.connect();
    } catch (error) {
      await fresh.disconnect().catch(() => undefined);
      throw error;
    }
    producer = fresh;
    return fresh;
  };
  const drop = async () => {
    const old = producer;
    producer = null;
    await old?.disconnect().catch(() => undefined);
  };
  return {
    async send(topicMessages) {
      try {
        await (await connected()).sendBatch({ topicMessages, acks: -1 });
      } catch (error) {
        await drop();
        throw error;
      }
    },
    close: drop,
  };
}
