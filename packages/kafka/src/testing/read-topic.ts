import { uniqueSuffix } from '@orderflow/testing';
import type { IHeaders, Kafka } from 'kafkajs';

/** A message as the tests look at it: key, value and headers as strings. */
export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

const text = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value.toString()]],
    ),
  );

/**
 * Reads `topics` from the beginning with a fresh consumer group until `until(messages)` holds,
 * then returns every message read so far (per partition in offset order).
 * @throws Error after `timeoutMs` (default 20 s) with the number of messages read.
 */
export async function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  until: (messages: readonly ReadMessage[]) => boolean,
  { timeoutMs = 20_000 } = {},
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${uniqueSuffix()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
  });
  const messages: ReadMessage[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: text(message.headers),
        });
        if (until(messages)) done();
      },
    });
    if (until(messages)) done();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`read ${messages.length} messages of ${topics.join(', ')}; condition not met`)),
        timeoutMs,
      );
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    return [...messages];
  } finally {
    await consumer.disconnect();
  }
}
