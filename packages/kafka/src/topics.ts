import type { Kafka } from 'kafkajs';

/**
 * The Kafka topics of Orderflow. Names are `<prefix><base>`: production uses no prefix; tests and
 * benchmarks use a unique one so that runs never share topics. See CONTRACT.md.
 */
export interface TopicNames {
  /** Public order events, key = orderId. */
  readonly orders: string;
  /** Public inventory events, key = sku. */
  readonly inventory: string;
  /** Low-stock alerts raised and cleared, key = sku. */
  readonly inventoryAlerts: string;
  /** Payment requests for the payment provider, key = paymentId. */
  readonly paymentRequests: string;
  /** Public payment outcomes (confirmed, failed, voided), key = paymentId. */
  readonly payments: string;
  /** The payment provider's callbacks, key = paymentId. */
  readonly paymentCallbacks: string;
  /** Callbacks that could not be applied, with the error in headers. */
  readonly paymentCallbacksDeadLetter: string;
}

/** The base names, as documented in CONTRACT.md. */
export const BASE_TOPIC_NAMES: TopicNames = {
  orders: 'orders.events',
  inventory: 'inventory.events',
  inventoryAlerts: 'inventory.alerts',
  paymentRequests: 'payments.requests',
  payments: 'payments.events',
  paymentCallbacks: 'payments.callbacks',
  paymentCallbacksDeadLetter: 'payments.callbacks.dlq',
};

/** Topic names with `prefix` in front of each base name (e.g. `t-1a2b.` → `t-1a2b.orders.events`). */
export function createTopicNames(prefix = ''): TopicNames {
  const names = Object.entries(BASE_TOPIC_NAMES).map(([role, base]) => [role, `${prefix}${base}`]);
  return Object.fromEntries(names) as unknown as TopicNames;
}

/** Options of {@link ensureTopics}. */
export interface EnsureTopicsOptions {
  /** Partitions of each new topic. Default 3. */
  readonly partitions?: number;
  /** Replicas of each new topic. Default 1 (the single-node broker of infra/kafka). */
  readonly replicationFactor?: number;
}

/**
 * Creates the topics that do not exist yet and waits until each has a partition leader.
 * Existing topics are left as they are. (Only the missing ones are asked for: kafkajs skips the
 * wait for leaders when any topic of the request exists already.)
 * @throws the kafkajs error when the broker cannot be reached or refuses the request.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: TopicNames,
  { partitions = 3, replicationFactor = 1 }: EnsureTopicsOptions = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(topics).filter((topic: string) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
  } finally {
    await admin.disconnect();
  }
}
