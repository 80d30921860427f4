import cluster from 'node:cluster';
import { loadConfig, parseRoles, startHost, type Config, type Host, type RoleName } from '@orderflow/host';
import type { FastifyInstance } from 'fastify';
import { ensureDevAdminKey } from './admin-key.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { gateHealth, superviseEmbeddedPostgres, type EmbeddedSupervisor } from './embedded-supervisor.ts';
import { hostOptionsFromConfig } from './host-options.ts';
import { ensureSchema } from './schema-check.ts';
import { statusServer } from './status-server.ts';
import { forkApiWorkers } from './api-workers.ts';

/** Options of `orderflow serve`. */
export interface ServeOptions {
  /** `--role` values, each possibly comma-separated; none → every role. */
  readonly role?: readonly string[];
  /** `--api-workers`: API processes sharing the port (node:cluster). Default 1 (in this process). */
  readonly apiWorkers?: number;
}

/** Env of a cluster worker: the primary resolved the database and the admin key for it. */
const WORKER_ENV = 'ORDERFLOW_API_WORKER';

/**
 * `orderflow serve`: the roles of `--role` (default every one) in this process. Without
 * DATABASE_URL it starts the embedded Postgres and migrates it; with DATABASE_URL it refuses
 * to start when the schema is not current (`orderflow migrate`). With `--api-workers N` the api
 * role runs in N cluster workers on one port and the other roles here. Stops cleanly on
 * SIGINT/SIGTERM.
 */
export async function serve(options: ServeOptions = {}): Promise<void> {
  if (cluster.isWorker && process.env[WORKER_ENV]) return serveApiWorker();
  const config = loadConfig();
  const roles = parseRoles(options.role ?? []);
  const apiWorkers = roles.includes('api') ? (options.apiWorkers ?? 1) : 1;
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
  try {
    await ensureSchema(databaseUrl, embedded !== null);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  describeBackends(config, roles);
  const adminKey = roles.includes('api') ? resolveAdminKey(config) : null;
  const here: RoleName[] = apiWorkers > 1 ? roles.filter((r) => r !== 'api') : roles;
  const host = here.length
    ? await startHost(hostOptionsFromConfig(config, databaseUrl, here, adminKey))
    : null;
  const running = host?.roles.map((r) => r.role) ?? [];
  const idle = here.filter((r) => !running.includes(r));
  console.log(
    `Roles in this process (pid ${process.pid}): ${running.join(', ') || 'none'}` +
      (idle.length
        ? ` (${idle.join(', ')}: nothing to do — relay needs KAFKA_BROKERS, simulator runs without it)`
        : ''),
  );
  let server: FastifyInstance | null = null;
  const workers =
    apiWorkers > 1
      ? forkApiWorkers(apiWorkers, {
          [WORKER_ENV]: '1',
          DATABASE_URL: databaseUrl,
          ...(adminKey ? { ORDERFLOW_ADMIN_KEY: adminKey } : {}),
        })
      : null;
  const gate = embedded;
  if (host && !workers)
    server = await listen(host, config, (app) => {
      if (gate) gateHealth(app, gate.healthy, 'the embedded Postgres is down and does not restart');
    });
  if (workers) console.log(`${apiWorkers} API workers on ${config.HOST}:${config.PORT}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    // On Ctrl-C the whole process group gets SIGINT, the embedded Postgres too, so connections
    // may already be gone: report it, and still stop the embedded server.
    await workers?.stop();
    await server?.close().catch(() => undefined);
    await host?.stop().catch((error: unknown) => console.error(`stopping: ${String(error)}`));
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A cluster worker: the api role only, on the port the primary shares. */
async function serveApiWorker(): Promise<void> {
  const config = loadConfig();
  const host = await startHost(
    hostOptionsFromConfig(config, config.DATABASE_URL!, ['api'], config.ORDERFLOW_ADMIN_KEY),
  );
  await host.app!.listen({ port: config.PORT, host: config.HOST });
  const stop = () => void host.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Serves the app (api role) or the probes-only server, and says where. A probes-only server
 * that cannot listen (PORT taken, e.g. a second worker on one machine) is only reported: the
 * roles run on without probes.
 */
async function listen(
  host: Host,
  config: Config,
  beforeListen: (server: FastifyInstance) => void,
): Promise<FastifyInstance | null> {
  const server = host.app ?? statusServer(host, config.READY_GRACE_MS);
  beforeListen(server);
  let address: string;
  try {
    address = await server.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    if (host.app) throw error;
    console.error(
      `Probes not served: ${error instanceof Error ? error.message : String(error)} (set PORT to serve /health and /ready)`,
    );
    return null;
  }
  if (host.app)
    console.log(
      `Orderflow listening: GraphQL ${address}/graphql${config.NODE_ENV !== 'production' ? `, GraphiQL ${address}/graphiql` : ''}, dashboard ${address}/dashboard/`,
    );
  else console.log(`Probes at ${address}/health and ${address}/ready`);
  return server;
}

function describeBackends(config: Config, roles: readonly RoleName[]): void {
  if (config.EVENTSTORE_URL) console.log(`Event store: EventStoreDB at ${config.EVENTSTORE_URL}`);
  if (config.KAFKA_BROKERS && roles.includes('relay')) {
    const prefix = config.KAFKA_TOPIC_PREFIX ?? '';
    console.log(
      `Kafka at ${config.KAFKA_BROKERS.join(',')}: payment requests go to ${prefix}payments.requests and ` +
        `answers are read from ${prefix}payments.callbacks, so a payment provider must run — e.g. the ` +
        `simulator: node --import tsx packages/payment-simulator/src/kafka-provider.ts --brokers ${config.KAFKA_BROKERS.join(',')}` +
        (prefix ? ` --topic-prefix ${prefix}` : ''),
    );
  }
}

/** ORDERFLOW_ADMIN_KEY, else (outside production) the development key in the data directory. */
function resolveAdminKey(config: Config): string | null {
  if (config.ORDERFLOW_ADMIN_KEY) {
    console.log('Admin API key: ORDERFLOW_ADMIN_KEY');
    return config.ORDERFLOW_ADMIN_KEY;
  }
  if (config.NODE_ENV === 'production') {
    console.log('No ORDERFLOW_ADMIN_KEY: only keys from `orderflow keys create` are accepted.');
    return null;
  }
  const dev = ensureDevAdminKey(config.ORDERFLOW_DATA_DIR);
  console.log(
    `Admin API key (development, ${dev.generated ? 'generated now' : 'generated earlier'}): in ${dev.file} ` +
      '— send it as "authorization: Bearer <key>"; set ORDERFLOW_ADMIN_KEY to choose your own.',
  );
  return dev.key;
}
