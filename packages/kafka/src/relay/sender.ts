import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';

/** Options of {@link createReliableSender}. */
export interface ReliableSenderOptions {
  /** Called with each failed attempt (the send is retried). */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Base of the backoff between attempts, ms. Default 100. */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff, ms. Default 2000. */
  readonly maxDelayMs?: number;
}

/** Sends batches until the broker acknowledges them; see {@link createReliableSender}. */
export interface ReliableSender {
  /**
   * Resolves true once every message is acknowledged by all in-sync replicas (acks = -1);
   * resolves false, having given up, only when `cancelled()` turned true between attempts.
   */
  send(topicMessages: TopicMessages[], cancelled: () => boolean): Promise<boolean>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A sender over an idempotent kafkajs producer (`idempotent: true`, `maxInFlightRequests: 1`:
 * the broker drops a producer's retried duplicates and keeps its order within a partition).
 *
 * kafkajs retries each send a few times itself (about 2.5 s); when that fails too, this sender
 * disconnects the producer, waits (full-jitter exponential backoff, AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015), and sends the whole batch again with a new producer.
 * A new producer has a new producer id, so part of the batch may then be written twice:
 * delivery is at-least-once, and consumers dedupe by the `event-id` header.
 */
export function createReliableSender(kafka: Kafka, options: ReliableSenderOptions = {}): ReliableSender {
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2000;
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
    await fresh.connect();
    producer = fresh;
    return fresh;
  };
  const drop = async () => {
    const old = producer;
    producer = null;
    await old?.disconnect().catch(() => undefined);
  };

  return {
    async send(topicMessages, cancelled) {
      for (let attempt = 1; ; attempt++) {
        try {
          await (await connected()).sendBatch({ topicMessages, acks: -1 });
          return true;
        } catch (error) {
          options.onError?.(error, attempt);
          await drop();
        }
        if (cancelled()) return false;
        await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
        if (cancelled()) return false;
      }
    },
    close: drop,
  };
}
