import {
  fallbackLogger,
  fullJitterDelayMs,
  hasErrorCode,
  inEventSpan,
  Sleeper,
  tracingOn,
  type Backoff,
  type CommandRunner,
} from '@orderflow/core';
import { paymentDecider, paymentStream } from '@orderflow/domain';
import { Partitioners, type EachMessagePayload, type Kafka } from 'kafkajs';
import { consumerConfig } from '../client.ts';
import type { TopicNames } from '../topics.ts';
import { parsePaymentCallback } from './callback.ts';
import { callbackCommand } from './command.ts';
import { deadLetter, type DeadLetterReason } from './dead-letter.ts';
import { ConsumerLiveness, type ConsumerHealth } from './liveness.ts';

/** Options of {@link startPaymentCallbackConsumer}. */
export interface PaymentCallbackConsumerOptions {
  /** Made with `retry: CONSUMER_RETRY` (see `consumerConfig`), so that an outage keeps the member. */
  readonly kafka: Kafka;
  /** Runs the payment commands (the composition root's cached command handler). */
  readonly run: CommandRunner;
  readonly topics: Pick<TopicNames, 'paymentCallbacks' | 'paymentCallbacksDeadLetter'>;
  /** The consumer group; one group per deployment, shared by its instances. */
  readonly groupId: string;
  /** Callbacks ignored or dead-lettered, and a consumer that crashed for good. Default: a fallback pino logger at warn. */
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
  /**
   * Longest wait of one fetch for new messages, ms. Default 1000. `stop()` waits for the fetch
   * in flight, so this bounds how long stopping takes (kafkajs' default is 5000).
   */
  readonly maxWaitTimeInMs?: number;
  /**
   * Backoff between restarts of a consumer that kafkajs gave up on (a crash it does not restart
   * from). Default 500 ms doubling to 30 s, full jitter.
   */
  readonly restartBackoff?: Partial<Backoff>;
}

/** A running callback consumer. */
export interface PaymentCallbackConsumer {
  /** In touch with its group or not (see {@link ConsumerLiveness}); `/ready` shows it. */
  health(): ConsumerHealth;
  /** Leaves the group after the message in progress; resolves when disconnected. */
  stop(): Promise<void>;
}

const CALLBACK_SPAN = { kind: 'consumer', attributes: { 'messaging.system': 'kafka' } } as const;

/** Refusals that no retry can fix: the callback goes to the dead-letter topic. */
const DEAD_LETTER_CODES = ['NOT_FOUND', 'VALIDATION_FAILED'] as const;

/**
 * Applies the payment provider's callbacks (the inbound half of the integration): a consumer
 * group on payments.callbacks turns each into ConfirmPayment / FailPayment ({@link callbackCommand};
 * idempotent by callback id). Per message:
 * - applied, or a repeat (no new event) → offset committed;
 * - INVALID_STATE (e.g. an answer for a voided payment) → logged, committed;
 * - malformed (bad JSON, missing or bad fields) or refused for good (NOT_FOUND: unknown payment;
 *   VALIDATION_FAILED) → produced to the dead-letter topic with the error in headers
 *   ({@link deadLetter}), then committed, and the consumer goes on;
 * - anything else (database down, conflicts) → thrown: not committed, kafkajs retries the
 *   message and restarts the consumer if the retries run out.
 * kafkajs restarts a crashed consumer only after errors it deems retriable; after any other
 * crash (`restart: false`) a new consumer joins the group in its place, after a capped
 * exponential backoff with full jitter, forever until `stop()` — logged once per crash and
 * once when it runs again.
 */
export async function startPaymentCallbackConsumer(
  options: PaymentCallbackConsumerOptions,
): Promise<PaymentCallbackConsumer> {
  const { kafka, run, topics, groupId } = options;
  const log =
    options.log ?? ((message, details) => fallbackLogger('payment-callbacks').warn(details ?? {}, message));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const backoff: Backoff = { baseDelayMs: 500, maxDelayMs: 30_000, ...options.restartBackoff };
  const liveness = new ConsumerLiveness();
  const newConsumer = () => {
    const next = kafka.consumer(consumerConfig(groupId, options.maxWaitTimeInMs));
    liveness.follow(next);
    return next;
  };
  let consumer = newConsumer();
  let stopped = false;
  let restarts = 0;
  const sleeper = new Sleeper();
  await producer.connect();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.paymentCallbacks], fromBeginning: true });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  /** Runs `current` and, should kafkajs give up on it, replaces it (see the function's comment). */
  const supervise = (current: typeof consumer) => {
    current.on(current.events.CRASH, ({ payload }) => {
      if (payload.restart || stopped || current !== consumer) return;
      log('consumer crashed and kafkajs does not restart it; restarting', { error: String(payload.error) });
      void replace(current);
    });
  };
  const replace = async (crashed: typeof consumer) => {
    await crashed.disconnect().catch(() => undefined);
    for (let attempt = 1; !stopped; attempt++) {
      await sleeper.sleep(fullJitterDelayMs(attempt + restarts, backoff));
      if (stopped) return;
      const next = newConsumer();
      try {
        await next.connect();
        await next.subscribe({ topics: [topics.paymentCallbacks], fromBeginning: true });
        consumer = next;
        supervise(next);
        await next.run({ eachMessage: handle });
        restarts++;
        log('consumer running again', { attempts: attempt });
        return;
      } catch {
        await next.disconnect().catch(() => undefined);
      }
    }
  };

  const toDeadLetter = async (
    { topic, partition, message }: EachMessagePayload,
    reason: DeadLetterReason,
  ) => {
    await producer.send({
      topic: topics.paymentCallbacksDeadLetter,
      acks: -1,
      messages: [deadLetter(message, { topic, partition }, reason)],
    });
    log('callback sent to the dead-letter topic', { ...reason, partition, offset: message.offset });
  };

  const handle = async (payload: EachMessagePayload) => {
    const parsed = parsePaymentCallback(payload.message.value);
    if (!parsed.ok) return toDeadLetter(payload, { error: parsed.error, code: 'MALFORMED' });
    const { callback } = parsed;
    const correlation = payload.message.headers?.['correlation-id']?.toString() || undefined;
    const command = callbackCommand(callback, correlation);
    const stream = paymentStream(callback.paymentId);
    try {
      // The payment step's answer in the order's trace (headers from the provider).
      await (tracingOn()
        ? inEventSpan(`payment-callbacks ${command.type}`, payload.message.headers, CALLBACK_SPAN, () =>
            run(paymentDecider, stream, command),
          )
        : run(paymentDecider, stream, command));
    } catch (error) {
      if (hasErrorCode(error, 'INVALID_STATE')) {
        log('callback ignored', { callbackId: callback.callbackId, error: error.message });
        return;
      }
      const permanent = DEAD_LETTER_CODES.find((code) => hasErrorCode(error, code));
      if (!permanent) throw error;
      return toDeadLetter(payload, { error: (error as Error).message, code: permanent });
    }
  };

  supervise(consumer);
  await consumer.run({ eachMessage: handle });

  return {
    health: () => liveness.health(),
    async stop() {
      stopped = true;
      sleeper.wake();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
