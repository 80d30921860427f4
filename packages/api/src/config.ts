import { z } from 'zod';

/**
 * Configuration from the environment, validated with zod. Unknown values fail at start with a
 * message naming the variable. See README "Configuration" for the table.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** Postgres for the event store and read models; unset → embedded Postgres (CLI only). */
  DATABASE_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /**
   * EventStoreDB connection string (`esdb://host:2113?tls=false`, `esdb+discover://…`); unset →
   * the event store is the Postgres adapter in DATABASE_URL's database.
   */
  EVENTSTORE_URL: z
    .string()
    .regex(/^esdb(\+discover)?:\/\//, 'must start with esdb:// or esdb+discover://')
    .optional(),
  /** Redis of the order-status, stock-availability and top-sellers read models; unset → Postgres answers. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Prefix of every Redis key Orderflow writes (several deployments can share a Redis). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/)
    .default('orderflow'),
  /** Longest wait of a query's `minPosition` for its read model, ms. */
  MIN_POSITION_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Share of payments the in-process provider simulator approves, 0..1. */
  PAYMENT_APPROVAL_RATE: z.coerce.number().min(0).max(1).default(0.95),
  /** Mean latency of the simulated payment provider, ms. */
  PAYMENT_LATENCY_MS: z.coerce.number().min(0).max(60_000).default(20),
  /** How long an order waits for its payment before it is cancelled (PAYMENT_TIMEOUT), ms. 15 minutes. */
  PAYMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600_000)
    .default(15 * 60_000),
  /**
   * Kafka brokers, comma-separated `host:port` (e.g. `127.0.0.1:9092`). When set, integration
   * events are published to Kafka and payments go through Kafka (payments.requests out,
   * payments.callbacks in) instead of the in-process simulator; unset → no Kafka.
   */
  KAFKA_BROKERS: z
    .string()
    .regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'must be host:port[,host:port…]')
    .transform((text) => text.split(',').map((broker) => broker.trim()))
    .optional(),
  /** Put in front of every Kafka topic and consumer group name (shared clusters, tests). */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/, 'letters, digits, ".", "_" or "-"')
    .optional(),
  /**
   * The first admin API key (at least 24 characters), sent as `authorization: Bearer <key>`.
   * Unset outside production → `orderflow serve` generates one into ORDERFLOW_DATA_DIR/admin-key.
   */
  ORDERFLOW_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').max(200).optional(),
  /** Directory of the embedded Postgres' data (kept across restarts). */
  ORDERFLOW_DATA_DIR: z.string().default('.orderflow'),
  /** Port of the embedded Postgres. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type Config = z.infer<typeof configSchema>;

/** Parses `env` (an empty variable counts as unset); throws an Error listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(set);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}
