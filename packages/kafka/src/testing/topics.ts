import { uniqueSuffix } from '@orderflow/testing';
import { logLevel, type Kafka } from 'kafkajs';
import { createKafkaClient } from '../client.ts';
import { createTopicNames, ensureTopics, type TopicNames } from '../topics.ts';
import { testBrokers } from './broker.ts';

/** A test's own Kafka client and topics (unique prefix `t<hex>.`); `drop()` deletes the topics. */
export interface TestTopics {
  readonly kafka: Kafka;
  readonly prefix: string;
  readonly topics: TopicNames;
  drop(): Promise<void>;
}

/** Creates this test's topics on the test broker; kafkajs logs nothing unless asked for. */
export async function createTestTopics({ quiet = true } = {}): Promise<TestTopics> {
  const kafka = createKafkaClient({
    brokers: testBrokers(),
    clientId: 'orderflow-test',
    logLevel: quiet ? logLevel.NOTHING : logLevel.WARN,
  });
  const prefix = `t${uniqueSuffix()}.`;
  const topics = createTopicNames(prefix);
  await ensureTopics(kafka, topics);
  return {
    kafka,
    prefix,
    topics,
    async drop() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: Object.values(topics) });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
