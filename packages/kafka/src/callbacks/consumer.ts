import { fallbackLogger, hasErrorCode, type CommandRunner } from '@orderflow/core';
import { paymentDecider, paymentStream } from '@orderflow/domain';
import { Partitioners, type EachMessagePayload, type Kafka } from 'kafkajs';
import type { TopicNames } from '../topics.ts';
import { parsePaymentCallback } from './callback.ts';
import { callbackCommand } from './command.ts';
import { deadLetter, type DeadLetterReason } from './dead-letter.ts';

/** Options of {@link startPaymentCallbackConsumer}. */
export interface PaymentCallbackConsumerOptions {
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
}

/** A running callback consumer. */
export interface PaymentCallbackConsumer {
  /** Leaves the group after the message in progress; resolves when disconnected. */
  stop(): Promise<void>;
}

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
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 8 },
  });
  await producer.connect();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.paymentCallbacks], fromBeginning: true });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) log('consumer stopped after an error', { error: String(payload.error) });
  });

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
    try {
      await run(paymentDecider, paymentStream(callback.paymentId), callbackCommand(callback, correlation));
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

  await consumer.run({ eachMessage: handle });

  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
