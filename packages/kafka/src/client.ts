import { fallbackLogger } from '@orderflow/core';
import {
  Kafka,
  logLevel as LogLevel,
  type ConsumerConfig,
  type logCreator,
  type RetryOptions,
} from 'kafkajs';

/** Options of {@link createKafkaClient}. */
export interface KafkaClientOptions {
  /** `host:port` of one or more brokers, e.g. `['127.0.0.1:9092']`. */
  readonly brokers: readonly string[];
  /** Default `orderflow`. */
  readonly clientId?: string;
  /** kafkajs log level; default WARN. Use `logLevel.NOTHING` in tests that restart the broker. */
  readonly logLevel?: LogLevel;
  /**
   * kafkajs' retry of connections, metadata and admin requests. Default: 10 retries from 100 ms,
   * doubling up to 1 s between attempts (about 7.5 s in all), so that clients notice a broker
   * that is back within a second; kafkajs' own default backs off up to 30 s.
   */
  readonly retry?: RetryOptions;
  /**
   * Where kafkajs' own log entries go: one pino JSON line each (`component: 'kafkajs'`,
   * `namespace`, kafkajs' extra fields), at the entry's level. Default core's fallback logger
   * (JSON on stderr), so a process' output stays one JSON object per line.
   */
  readonly logger?: KafkaLogSink;
}

/** The part of a pino logger kafkajs entries are written to. */
export interface KafkaLogSink {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/**
 * kafkajs warns on every idempotent producer whose retries are bounded; the relay bounds them on
 * purpose (the relay retries the whole batch itself, see `createBatchSender`).
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

const LEVELS: Record<number, keyof KafkaLogSink> = {
  [LogLevel.ERROR]: 'error',
  [LogLevel.WARN]: 'warn',
  [LogLevel.INFO]: 'info',
  [LogLevel.DEBUG]: 'debug',
};

/** kafkajs entries as pino lines on `sink` (see {@link KafkaClientOptions.logger}). */
export const pinoLogCreator =
  (sink: KafkaLogSink): logCreator =>
  () =>
  (entry) => {
    const { message, timestamp: _t, logger: _l, ...extra } = entry.log;
    if (EXPECTED_WARNINGS.some((w) => message.startsWith(w))) return;
    sink[LEVELS[entry.level] ?? 'info'](
      { component: 'kafkajs', namespace: entry.namespace, ...extra },
      message,
    );
  };

/** A kafkajs client for Orderflow's brokers, logging through pino ({@link KafkaClientOptions.logger}). */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId ?? 'orderflow',
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? LogLevel.WARN,
    logCreator: pinoLogCreator(options.logger ?? fallbackLogger('kafkajs')),
    retry: options.retry ?? { initialRetryTime: 100, maxRetryTime: 1000, retries: 10 },
  });
}

/** Splits `KAFKA_BROKERS`-style text (`host:port,host:port`) into broker addresses. */
export function parseBrokers(text: string): string[] {
  return text
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/**
 * kafkajs retry of a consumer's client and runner: 100 ms doubling to 1 s, 100 times (about
 * 100 s). A consumer that crashes loses its member id: after a broker restart it joins as a new
 * member while the coordinator, which reloaded the group, waits for the old one until its session
 * or rebalance timeout. With kafkajs' default retry a consumer crashed ~5.5 s into an outage, and
 * payments resumed ~30 s after the broker came back (the default 30 s session); riding the outage
 * out keeps the member, which resumed 0.8 s after the broker's return (measured on the 2-core
 * machine with a private broker stopped for 25 s; README "Kafka: …").
 */
export const CONSUMER_RETRY: RetryOptions = { initialRetryTime: 100, maxRetryTime: 1000, retries: 100 };

/**
 * Group timings of every Orderflow consumer, bounding the cost of a member lost anyway (an
 * outage past {@link CONSUMER_RETRY}, a process killed): the coordinator drops a silent member
 * after `sessionTimeout` (6 s: the broker's default `group.min.session.timeout.ms`, the
 * shortest it accepts) and ends a rebalance without the members that have not rejoined after
 * `rebalanceTimeout` (3 s), so a new member waits at most ~3 s for a stale one (measured 2.7–3.6 s
 * after a restart; 30 s with kafkajs' defaults). `heartbeatInterval` 1 s: a third of the session,
 * as Kafka's documentation advises, and `/ready`'s view of the brokers (see `ConsumerLiveness`).
 */
export const GROUP_TIMINGS = {
  sessionTimeout: 6000,
  rebalanceTimeout: 3000,
  heartbeatInterval: 1000,
} as const satisfies Partial<ConsumerConfig>;

/**
 * The kafkajs consumer settings of an Orderflow consumer group `groupId`: {@link GROUP_TIMINGS},
 * {@link CONSUMER_RETRY}, no topic auto-creation, and fetches that wait at most
 * `maxWaitTimeInMs` (default 1000; `disconnect()` waits for the fetch in flight, so this bounds
 * how long stopping takes — kafkajs' default is 5000). Create the consumer from a client made
 * with `retry: CONSUMER_RETRY` too (see {@link createKafkaClient}).
 */
export function consumerConfig(groupId: string, maxWaitTimeInMs = 1000): ConsumerConfig {
  return { groupId, allowAutoTopicCreation: false, maxWaitTimeInMs, retry: CONSUMER_RETRY, ...GROUP_TIMINGS };
}
