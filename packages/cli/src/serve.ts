import cluster from 'node:cluster';
import {
  loadConfig,
  parseRoles,
  paymentProviderOf,
  startHost,
  type Config,
  type Host,
  type RoleName,
} from '@orderflow/host';
import { tracingOn } from '@orderflow/core';
import { stopTracing } from '@orderflow/host/tracing';
import type { FastifyInstance } from 'fastify';
import { ensureDevAdminKey } from './admin-key.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { gateHealth, superviseEmbeddedPostgres, type EmbeddedSupervisor } from './embedded-supervisor.ts';
import { hostOptionsFromConfig } from './host-options.ts';
import { ensureSchema } from './schema-check.ts';
import { statusServer } from './status-server.ts';
import { forkApiWorkers } from './api-workers.ts';
import { processLogger } from './logger.ts';
import { onShutdownSignal } from './shutdown.ts';
import type { Logger } from 'pino';

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
 * role runs in N cluster workers on one port and the other roles here. On SIGINT/SIGTERM it
 * drains and exits 0 (see {@link onShutdownSignal}).
 */
export async function serve(options: ServeOptions = {}): Promise<void> {
  if (cluster.isWorker && process.env[WORKER_ENV]) return serveApiWorker();
  const config = loadConfig();
  const paymentProvider = paymentProviderOf(config);
  const log = processLogger(config);
  const roles = parseRoles(options.role ?? []);
  if (paymentProvider === 'simulator' && config.NODE_ENV === 'production')
    log.warn(
      { paymentProvider },
      'PAYMENT_PROVIDER=simulator in production: payments are answered by the in-process simulator; no money moves',
    );
  const apiWorkers = roles.includes('api') ? (options.apiWorkers ?? 1) : 1;
  let embedded: EmbeddedSupervisor | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    log.info(
      { dataDir: `${config.ORDERFLOW_DATA_DIR}/pg`, port: config.EMBEDDED_PG_PORT },
      'no DATABASE_URL: starting embedded Postgres',
    );
    // Restarted with backoff when it dies; /health fails when it cannot be brought back.
    embedded = superviseEmbeddedPostgres(
      await startEmbeddedPostgres(config.ORDERFLOW_DATA_DIR, config.EMBEDDED_PG_PORT),
      {
        unhealthyAfterMs: config.EMBEDDED_PG_UNHEALTHY_AFTER_MS,
        log: (message) => log.warn({ component: 'embedded-postgres' }, message),
      },
    );
    databaseUrl = embedded.url;
  }
  try {
    await ensureSchema(databaseUrl, embedded !== null);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  describeBackends(config, roles, log);
  const adminKey = roles.includes('api') ? resolveAdminKey(config, log) : null;
  const here: RoleName[] = apiWorkers > 1 ? roles.filter((r) => r !== 'api') : roles;
  const host = here.length
    ? await startHost(hostOptionsFromConfig(config, databaseUrl, here, adminKey, log, paymentProvider))
    : null;
  const running = host?.roles.map((r) => r.role) ?? [];
  const idle = here.filter((r) => !running.includes(r));
  log.info(
    { roles: running, ...(idle.length ? { idle } : {}) },
    idle.length
      ? `roles started (${idle.join(', ')}: nothing to do — relay needs KAFKA_BROKERS, simulator runs without it)`
      : 'roles started',
  );
  const workers =
    apiWorkers > 1
      ? forkApiWorkers(
          apiWorkers,
          {
            [WORKER_ENV]: '1',
            DATABASE_URL: databaseUrl,
            ...(adminKey ? { ORDERFLOW_ADMIN_KEY: adminKey } : {}),
          },
          log,
        )
      : null;
  const gate = embedded;
  const server =
    host && !workers
      ? await listen(host, config, log, (app) => {
          if (gate) gateHealth(app, gate.healthy, 'the embedded Postgres is down and does not restart');
        })
      : null;
  if (workers) log.info({ apiWorkers, host: config.HOST, port: config.PORT }, 'API workers listening');

  onShutdownSignal(log, config.SHUTDOWN_TIMEOUT_MS, [
    // Each step after the one before: no new requests, then the roles (their in-flight work ends
    // at a checkpoint, Kafka clients leave their groups), and the database last.
    ['API workers stopped', workers && (() => workers.stop())],
    ['HTTP server closed', server && (() => server.close())],
    ['roles stopped', host && (() => host.stop())],
    ['embedded Postgres stopped', embedded && (() => embedded.stop())],
    // Spans of the drain included; nothing to do when tracing is off.
    ['spans flushed', tracingOn() ? stopTracing : null],
  ]);
}

/** A cluster worker: the api role only, on the port the primary shares. */
async function serveApiWorker(): Promise<void> {
  const config = loadConfig();
  const log = processLogger(config).child({ apiWorker: process.pid });
  const host = await startHost(
    hostOptionsFromConfig(config, config.DATABASE_URL!, ['api'], config.ORDERFLOW_ADMIN_KEY, log),
  );
  await host.app!.listen({ port: config.PORT, host: config.HOST });
  onShutdownSignal(log, config.SHUTDOWN_TIMEOUT_MS, [
    ['HTTP server closed', () => host.app!.close()],
    ['roles stopped', () => host.stop()],
    ['spans flushed', tracingOn() ? stopTracing : null],
  ]);
}

/**
 * Serves the app (api role) or the probes-only server, and says where. A probes-only server
 * that cannot listen (PORT taken, e.g. a second worker on one machine) is only reported: the
 * roles run on without probes.
 */
async function listen(
  host: Host,
  config: Config,
  log: Logger,
  beforeListen: (server: FastifyInstance) => void,
): Promise<FastifyInstance | null> {
  const server = host.app ?? statusServer(host, config.READY_GRACE_MS);
  beforeListen(server);
  let address: string;
  try {
    address = await server.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    if (host.app) throw error;
    log.error({ err: error }, 'probes not served (set PORT to serve /health, /ready and /metrics)');
    return null;
  }
  if (host.app)
    log.info(
      {
        graphql: `${address}/graphql`,
        ...(config.NODE_ENV !== 'production' ? { graphiql: `${address}/graphiql` } : {}),
        dashboard: `${address}/dashboard/`,
        metrics: `${address}/metrics`,
      },
      'Orderflow listening',
    );
  else
    log.info(
      { health: `${address}/health`, ready: `${address}/ready`, metrics: `${address}/metrics` },
      'probes listening',
    );
  return server;
}

function describeBackends(config: Config, roles: readonly RoleName[], log: Logger): void {
  if (config.EVENTSTORE_URL) log.info({ eventStore: config.EVENTSTORE_URL }, 'event store: EventStoreDB');
  if (config.KAFKA_BROKERS && roles.includes('relay')) {
    const prefix = config.KAFKA_TOPIC_PREFIX ?? '';
    log.info(
      `Kafka at ${config.KAFKA_BROKERS.join(',')}: payment requests go to ${prefix}payments.requests and ` +
        `answers are read from ${prefix}payments.callbacks, so a payment provider must run — e.g. the ` +
        `simulator: node --import tsx packages/payment-simulator/src/kafka-provider.ts --brokers ${config.KAFKA_BROKERS.join(',')}` +
        (prefix ? ` --topic-prefix ${prefix}` : ''),
    );
  }
}

/** ORDERFLOW_ADMIN_KEY, else (outside production) the development key in the data directory. */
function resolveAdminKey(config: Config, log: Logger): string | null {
  if (config.ORDERFLOW_ADMIN_KEY) {
    log.info('admin API key: ORDERFLOW_ADMIN_KEY');
    return config.ORDERFLOW_ADMIN_KEY;
  }
  if (config.NODE_ENV === 'production') {
    log.info('no ORDERFLOW_ADMIN_KEY: only keys from `orderflow keys create` are accepted');
    return null;
  }
  const dev = ensureDevAdminKey(config.ORDERFLOW_DATA_DIR);
  log.info(
    `Admin API key (development, ${dev.generated ? 'generated now' : 'generated earlier'}): in ${dev.file} ` +
      '— send it as "authorization: Bearer <key>"; set ORDERFLOW_ADMIN_KEY to choose your own.',
  );
  return dev.key;
}
