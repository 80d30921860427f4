import type { Admin, Kafka } from 'kafkajs';

/** Messages a consumer group has yet to handle on one partition. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** End offset (high watermark) minus the group's committed offset; from the log start when the group committed nothing. */
  readonly lag: number;
}

/** Reads the lag of one consumer group, on one admin connection kept open between reads. */
export interface GroupLagReader {
  /**
   * The group's lag per partition of `topics`, read from the brokers (fetchTopicOffsets and
   * fetchOffsets). Resolves [] rather than waiting when the brokers do not answer within
   * `timeoutMs`, so that a metrics scrape during an outage stays fast.
   */
  read(): Promise<PartitionLag[]>;
  close(): Promise<void>;
}

/**
 * A {@link GroupLagReader} for `groupId` on `topics`: lag = high watermark − committed offset,
 * per partition (Kafka's own definition, as `kafka-consumer-groups.sh --describe` prints it); a
 * partition the group never committed counts from the partition's low watermark.
 */
export function groupLagReader(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  { timeoutMs = 2000 }: { timeoutMs?: number } = {},
): GroupLagReader {
  let admin: Admin | null = null;
  let connecting: Promise<Admin> | null = null;
  const connected = () =>
    (connecting ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      admin = a;
      return a;
    })().catch((error: unknown) => {
      connecting = null;
      throw error;
    }));
  const readAll = async (): Promise<PartitionLag[]> => {
    const a = await connected();
    const lags: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await a.fetchTopicOffsets(topic);
      const [committed] = await a.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      for (const p of ends) {
        const high = BigInt(p.high);
        const from = at.get(p.partition) ?? -1n;
        const start = from < 0n ? BigInt(p.low) : from;
        lags.push({ topic, partition: p.partition, lag: Number(high > start ? high - start : 0n) });
      }
    }
    return lags;
  };
  return {
    async read() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<PartitionLag[]>((resolve) => {
        timer = setTimeout(() => resolve([]), timeoutMs);
      });
      try {
        return await Promise.race([readAll().catch(() => []), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await (admin as Admin | null)?.disconnect();
    },
  };
}
