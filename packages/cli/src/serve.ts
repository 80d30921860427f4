import { limitsFromConfig, loadConfig, startOrderflow } from '@orderflow/api';
import { ensureDevAdminKey } from './admin-key.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { gateHealth, superviseEmbeddedPostgres, type EmbeddedSupervisor } from './embedded-supervisor.ts';

/**
 * `orderflow serve`: API, projector, process manager and (without Kafka) the payment simulator
 * in one process. Without DATABASE_URL it starts the embedded Postgres first. Stops cleanly on
 * SIGINT/SIGTERM.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedSupervisor | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    console.log(
      `No DATABASE_URL: starting embedded Postgres (data in ${config.ORDERFLOW_DATA_DIR}/pg, port ${config.EMBEDDED_PG_PORT})…`,
    );
    // Restarted with backoff when it dies; /health fails when it cannot be brought back.
    embedded = superviseEmbeddedPostgres(
      await startEmbeddedPostgres(config.ORDERFLOW_DATA_DIR, config.EMBEDDED_PG_PORT),
      { unhealthyAfterMs: config.EMBEDDED_PG_UNHEALTHY_AFTER_MS },
    );
    databaseUrl = embedded.url;
  }
  if (config.EVENTSTORE_URL) console.log(`Event store: EventStoreDB at ${config.EVENTSTORE_URL}`);
  if (config.KAFKA_BROKERS) {
    const prefix = config.KAFKA_TOPIC_PREFIX ?? '';
    console.log(
      `Kafka at ${config.KAFKA_BROKERS.join(',')}: payment requests go to ${prefix}payments.requests and ` +
        `answers are read from ${prefix}payments.callbacks, so a payment provider must run — e.g. the ` +
        `simulator: node --import tsx packages/payment-simulator/src/kafka-provider.ts --brokers ${config.KAFKA_BROKERS.join(',')}` +
        (prefix ? ` --topic-prefix ${prefix}` : ''),
    );
  }
  let adminKey = config.ORDERFLOW_ADMIN_KEY;
  if (adminKey) console.log('Admin API key: ORDERFLOW_ADMIN_KEY');
  else if (config.NODE_ENV === 'production')
    console.log('No ORDERFLOW_ADMIN_KEY: only keys from `orderflow keys create` are accepted.');
  else {
    const dev = ensureDevAdminKey(config.ORDERFLOW_DATA_DIR);
    adminKey = dev.key;
    console.log(
      `Admin API key (development, ${dev.generated ? 'generated now' : 'generated earlier'}): in ${dev.file} ` +
        '— send it as "authorization: Bearer <key>"; set ORDERFLOW_ADMIN_KEY to choose your own.',
    );
  }
  const orderflow = await startOrderflow({
    databaseUrl,
    adminKey,
    eventStoreUrl: config.EVENTSTORE_URL,
    minPositionTimeoutMs: config.MIN_POSITION_TIMEOUT_MS,
    paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
    redis: config.REDIS_URL ? { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX } : undefined,
    paymentSimulator: { approvalRate: config.PAYMENT_APPROVAL_RATE, latencyMs: config.PAYMENT_LATENCY_MS },
    kafka: config.KAFKA_BROKERS && { brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX },
    graphiql: config.NODE_ENV !== 'production',
    production: config.NODE_ENV === 'production',
    limits: limitsFromConfig(config),
    logger: { level: config.LOG_LEVEL },
  });
  if (embedded)
    gateHealth(orderflow.app, embedded.healthy, 'the embedded Postgres is down and does not restart');
  const address = await orderflow.app.listen({ port: config.PORT, host: config.HOST });
  console.log(
    `Orderflow listening: GraphQL ${address}/graphql${config.NODE_ENV !== 'production' ? `, GraphiQL ${address}/graphiql` : ''}, dashboard ${address}/dashboard/`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    // On Ctrl-C the whole process group gets SIGINT, the embedded Postgres too, so connections
    // may already be gone: report it, and still stop the embedded server.
    await orderflow.stop().catch((error: unknown) => console.error(`stopping: ${String(error)}`));
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
