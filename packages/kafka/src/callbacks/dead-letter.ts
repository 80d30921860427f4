import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Why a callback went to the dead-letter topic. */
export interface DeadLetterReason {
  /** Human-readable, e.g. "outcome must be "approved" or "declined"". */
  readonly error: string;
  /** `MALFORMED` for a value that fails validation, else the OrderflowError code (NOT_FOUND, …). */
  readonly code: string;
}

/** Where the message came from, copied into headers of its dead letter. */
export interface MessageOrigin {
  readonly topic: string;
  readonly partition: number;
}

/**
 * The dead letter of `message`: the original key, value and headers, plus the headers `error`,
 * `error-code`, `original-topic`, `original-partition`, `original-offset` and `failed-at`
 * (ISO-8601), so an operator can see what failed and replay the message to its topic.
 */
export function deadLetter(message: KafkaMessage, origin: MessageOrigin, reason: DeadLetterReason): Message {
  const headers: IHeaders = {
    ...message.headers,
    error: reason.error,
    'error-code': reason.code,
    'original-topic': origin.topic,
    'original-partition': String(origin.partition),
    'original-offset': message.offset,
    'failed-at': new Date().toISOString(),
  };
  return { key: message.key, value: message.value, headers };
}
