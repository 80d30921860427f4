import { loadConfig, startOrderflow } from '@orderflow/api';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

/**
 * `orderflow serve`: API, projector, process manager and (without Kafka) the payment simulator
 * in one process. Without DATABASE_URL it starts the embedded Postgres first. Stops cleanly on
 * SIGINT/SIGTERM.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    console.log(
      `No DATABASE_URL: starting embedded Postgres (data in ${config.ORDERFLOW_DATA_DIR}/pg, port ${config.EMBEDDED_PG_PORT})…`,
    );
    embedded = await startEmbeddedPostgres(config.ORDERFLOW_DATA_DIR, config.EMBEDDED_PG_PORT);
    databaseUrl = embedded.url;
  }
  if (config.EVENTSTORE_URL) console.log(`Event store: EventStoreDB at ${config.EVENTSTORE_URL}`);
  const orderflow = await startOrderflow({
    databaseUrl,
    eventStoreUrl: config.EVENTSTORE_URL,
    minPositionTimeoutMs: config.MIN_POSITION_TIMEOUT_MS,
    paymentSimulator: { approvalRate: config.PAYMENT_APPROVAL_RATE, latencyMs: config.PAYMENT_LATENCY_MS },
    graphiql: config.NODE_ENV !== 'production',
    logger: { level: config.LOG_LEVEL },
  });
  const address = await orderflow.app.listen({ port: config.PORT, host: config.HOST });
  console.log(
    `Orderflow listening: GraphQL ${address}/graphql${config.NODE_ENV !== 'production' ? `, GraphiQL ${address}/graphiql` : ''}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    await orderflow.stop();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
