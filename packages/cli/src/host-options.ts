import {
  limitsFromConfig,
  type Config,
  type HostOptions,
  type PaymentProvider,
  type RoleName,
} from '@orderflow/host';
import type { Logger } from 'pino';

/**
 * The {@link HostOptions} of `orderflow serve` from the configuration: `databaseUrl` (DATABASE_URL
 * or the embedded server's), the `roles` of this process, the admin key to accept and the
 * process' logger (see `processLogger`) and the payment provider (`paymentProviderOf`): the
 * in-process simulator runs only for `simulator`.
 */
export function hostOptionsFromConfig(
  config: Config,
  databaseUrl: string,
  roles: readonly RoleName[],
  adminKey: string | null | undefined,
  logger: Logger,
  paymentProvider: PaymentProvider = config.KAFKA_BROKERS ? 'kafka' : 'simulator',
): HostOptions {
  return {
    roles,
    databaseUrl,
    eventStoreUrl: config.EVENTSTORE_URL,
    redis: config.REDIS_URL ? { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX } : undefined,
    apiStatementTimeoutMs: config.API_STATEMENT_TIMEOUT_MS,
    logger,
    kafka: config.KAFKA_BROKERS && { brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX },
    simulator:
      paymentProvider === 'simulator'
        ? { approvalRate: config.PAYMENT_APPROVAL_RATE, latencyMs: config.PAYMENT_LATENCY_MS }
        : false,
    saga: {
      paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
      refundTimeoutMs: config.REFUND_TIMEOUT_MS,
      refundAttempts: config.REFUND_ATTEMPTS,
    },
    webhooks: {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      retry: { baseDelayMs: config.WEBHOOK_RETRY_BASE_MS, maxDelayMs: config.WEBHOOK_RETRY_MAX_MS },
    },
    api: {
      adminKey,
      minPositionTimeoutMs: config.MIN_POSITION_TIMEOUT_MS,
      graphiql: config.NODE_ENV !== 'production',
      production: config.NODE_ENV === 'production',
      limits: limitsFromConfig(config),
      readyGraceMs: config.READY_GRACE_MS,
      defaultStockThreshold: config.STOCK_ALERT_DEFAULT_THRESHOLD,
    },
  };
}
