import { z } from 'zod';
import { DEFAULT_LIMITS, type ApiLimits } from '@orderflow/api';

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const { query, rate, websocket } = DEFAULT_LIMITS;

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
  /** pino level of the JSON log on stdout; `info` has one line per request and the start-up lines. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * `auto`: human-readable lines (pino-pretty) when stdout is a terminal outside production, JSON
   * otherwise; `json` or `pretty` force one.
   */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
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
  /**
   * Longest a read query of the API may run, ms (Postgres `statement_timeout` on the API's own
   * connection pool); a slower one fails instead of holding a connection. 0 turns it off.
   */
  API_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /**
   * How long a required role of this process may be not running (starting, retrying, stopped)
   * before `/ready` answers 503, ms. A standby role (another process holds its lock) counts as fine.
   */
  READY_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * Longest drain of `orderflow serve` on SIGTERM/SIGINT, ms: past it the process logs what was
   * still stopping and exits 1. Below Kubernetes' default grace period (30 s) on purpose, so that
   * the process, not a SIGKILL, decides how it ends; a drain takes well under a second when idle.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(4500),
  /**
   * Who answers payment requests: `kafka` (requests out on payments.requests, the provider's
   * answers in from payments.callbacks; needs KAFKA_BROKERS) or `simulator` (the in-process
   * development stand-in, which approves PAYMENT_APPROVAL_RATE of them — no money moves). Unset →
   * kafka with KAFKA_BROKERS, else simulator; in production it must be set (see
   * {@link paymentProviderOf}).
   */
  PAYMENT_PROVIDER: z.enum(['simulator', 'kafka']).optional(),
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
  /** How long one refund attempt waits for the payment provider, ms. 5 minutes. */
  REFUND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600_000)
    .default(5 * 60_000),
  /** Attempts of one refund before it is given up and compensated. */
  REFUND_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
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
  /**
   * How long the embedded Postgres may stay down (it is restarted with backoff) before `/health`
   * answers 503, ms.
   */
  EMBEDDED_PG_UNHEALTHY_AFTER_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /**
   * Low-stock threshold, units, of a product registered without one (registerProduct's
   * lowStockThreshold); recorded with the product, so changing it later leaves registered
   * products as they are (setStockThreshold changes those). 0: no alerts.
   */
  STOCK_ALERT_DEFAULT_THRESHOLD: z.coerce.number().int().min(0).max(10_000_000).default(0),
  /** Longest wait for a webhook endpoint's answer, ms; slower counts as a failed attempt. */
  WEBHOOK_TIMEOUT_MS: count(100, 120_000, 10_000),
  /** Attempts of one webhook delivery before it is `failed` (`orderflow webhooks replay` sends it again). */
  WEBHOOK_MAX_ATTEMPTS: count(1, 1000, 20),
  /** Ceiling of the first retry's wait, ms; it doubles per attempt (full jitter) up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: count(10, 3_600_000, 1000),
  /** Largest ceiling of a retry's wait, ms. */
  WEBHOOK_RETRY_MAX_MS: count(10, 24 * 3_600_000, 300_000),
  // Limits against hostile clients (src/limits/options.ts explains each default).
  /** Largest request body, bytes; a larger Content-Length is answered 413 unread. */
  BODY_LIMIT_BYTES: count(1024, 64 * 1_048_576, DEFAULT_LIMITS.bodyLimitBytes),
  /** Lexical tokens of a GraphQL document. */
  GRAPHQL_MAX_TOKENS: count(100, 1_000_000, query.maxTokens),
  /** Field nesting depth of an operation. */
  GRAPHQL_MAX_DEPTH: count(2, 1000, query.maxDepth),
  /** Aliased fields in an operation. */
  GRAPHQL_MAX_ALIASES: count(0, 100_000, query.maxAliases),
  /** Estimated cost of an operation (about the values its response can hold). */
  GRAPHQL_MAX_COST: count(100, 100_000_000, query.maxCost),
  /** Per-key request budgets on or off. */
  RATE_LIMIT: z.stringbool().default(rate.enabled),
  /** Length of a rate-limit window, ms. */
  RATE_LIMIT_WINDOW_MS: count(100, 24 * 3_600_000, rate.windowMs),
  /** Queries per API key and window. */
  RATE_LIMIT_QUERIES: count(1, 100_000_000, rate.queries),
  /** Mutations per API key and window. */
  RATE_LIMIT_MUTATIONS: count(1, 100_000_000, rate.mutations),
  /** Requests per IP address and window without a valid key. */
  RATE_LIMIT_ANONYMOUS: count(1, 100_000_000, rate.anonymous),
  /** Admin keys are exempt from the request budgets. */
  RATE_LIMIT_EXEMPT_ADMIN: z.stringbool().default(rate.exemptAdmin),
  /** A WebSocket without connection_init by then is closed, ms. */
  WS_INIT_TIMEOUT_MS: count(100, 600_000, websocket.initTimeoutMs),
  /** Open WebSocket connections per API key (per IP address without one). */
  WS_MAX_CONNECTIONS_PER_KEY: count(1, 1_000_000, websocket.maxConnectionsPerKey),
  /** Active subscriptions per WebSocket connection. */
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: count(1, 1_000_000, websocket.maxSubscriptionsPerConnection),
  /** How often an open connection's API key is checked again (revoked → closed), ms. */
  WS_AUTH_RECHECK_MS: count(100, 30_000, websocket.authRecheckMs),
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

/** Who answers payment requests (config PAYMENT_PROVIDER). */
export type PaymentProvider = 'simulator' | 'kafka';

/**
 * The payment provider `orderflow serve` uses: PAYMENT_PROVIDER, else (outside production) kafka
 * when KAFKA_BROKERS is set and the in-process simulator otherwise. Production never defaults: a
 * shop must not "take" payments no provider saw.
 * @throws Error with a one-line reason: NODE_ENV=production without PAYMENT_PROVIDER; kafka
 *   without KAFKA_BROKERS; simulator with KAFKA_BROKERS (with Kafka, payment requests go to
 *   payments.requests, so the in-process simulator would never see them).
 */
export function paymentProviderOf(config: Config): PaymentProvider {
  if (!config.PAYMENT_PROVIDER && config.NODE_ENV === 'production')
    throw new Error(
      'PAYMENT_PROVIDER is not set: NODE_ENV=production needs the payment provider chosen explicitly — kafka (needs KAFKA_BROKERS) or simulator (approves payments in process; no money moves)',
    );
  const provider = config.PAYMENT_PROVIDER ?? (config.KAFKA_BROKERS ? 'kafka' : 'simulator');
  if (provider === 'kafka' && !config.KAFKA_BROKERS)
    throw new Error(
      'PAYMENT_PROVIDER=kafka needs KAFKA_BROKERS (the brokers of payments.requests and payments.callbacks)',
    );
  if (provider === 'simulator' && config.KAFKA_BROKERS)
    throw new Error(
      'PAYMENT_PROVIDER=simulator cannot be used with KAFKA_BROKERS: with Kafka, payment requests go to payments.requests (use PAYMENT_PROVIDER=kafka and run a provider, e.g. the Kafka provider simulator)',
    );
  return provider;
}

/** The limits of {@link ApiLimits} that the configuration sets; the rest keep their defaults. */
export function limitsFromConfig(config: Config): ApiLimits {
  return {
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    query: {
      ...query,
      maxTokens: config.GRAPHQL_MAX_TOKENS,
      maxDepth: config.GRAPHQL_MAX_DEPTH,
      maxAliases: config.GRAPHQL_MAX_ALIASES,
      maxCost: config.GRAPHQL_MAX_COST,
    },
    rate: {
      enabled: config.RATE_LIMIT,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      queries: config.RATE_LIMIT_QUERIES,
      mutations: config.RATE_LIMIT_MUTATIONS,
      anonymous: config.RATE_LIMIT_ANONYMOUS,
      exemptAdmin: config.RATE_LIMIT_EXEMPT_ADMIN,
    },
    websocket: {
      ...websocket,
      initTimeoutMs: config.WS_INIT_TIMEOUT_MS,
      maxConnectionsPerKey: config.WS_MAX_CONNECTIONS_PER_KEY,
      maxSubscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      authRecheckMs: config.WS_AUTH_RECHECK_MS,
    },
  };
}
