import { eventually } from '@orderflow/testing';
import type { Kafka } from 'kafkajs';

/**
 * Waits until consumer group `groupId` has committed, on every partition of `topic`, the
 * topic's current end offset: everything produced so far was handled.
 * @throws Error after `timeoutMs` (default 15 s).
 */
export async function waitForGroupToCatchUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
  { timeoutMs = 15_000 } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
    await eventually(
      `group ${groupId} at the end of ${topic}`,
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (
          (committed?.partitions ?? []).every((p) => {
            const end = ends.get(p.partition) ?? '0';
            return end === '0' || BigInt(p.offset) >= BigInt(end);
          }) && committed!.partitions.length === ends.size
        );
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    await admin.disconnect();
  }
}
