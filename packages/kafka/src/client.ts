import { Kafka, logLevel as LogLevel, type logCreator, type RetryOptions } from 'kafkajs';

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
}

/**
 * kafkajs warns on every idempotent producer whose retries are bounded; the relay bounds them on
 * purpose (the relay retries the whole batch itself, see `createBatchSender`).
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

const LEVEL_NAMES: Record<number, string> = {
  [LogLevel.ERROR]: 'ERROR',
  [LogLevel.WARN]: 'WARN',
  [LogLevel.INFO]: 'INFO',
  [LogLevel.DEBUG]: 'DEBUG',
};

/** One line per kafkajs log entry on stderr: `kafkajs WARN [Producer] message {extra}`. */
const stderrLogger: logCreator = () => (entry) => {
  const { message, timestamp: _t, logger: _l, ...extra } = entry.log;
  if (EXPECTED_WARNINGS.some((w) => message.startsWith(w))) return;
  const level = LEVEL_NAMES[entry.level] ?? String(entry.level);
  const rest = Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : '';
  process.stderr.write(`kafkajs ${level} [${entry.namespace}] ${message}${rest}\n`);
};

/** A kafkajs client for Orderflow's brokers, logging compactly to stderr. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId ?? 'orderflow',
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? LogLevel.WARN,
    logCreator: stderrLogger,
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
