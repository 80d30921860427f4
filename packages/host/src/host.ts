import type { FastifyInstance } from 'fastify';
import { collectProcessors, collectSagas } from './metrics/collectors.ts';
import { createMetrics } from './metrics/metrics.ts';
import { openInfrastructure, type Infrastructure, type InfrastructureOptions } from './infrastructure.ts';
import { startApi, type ApiOptions } from './roles/api.ts';
import { listProcessors } from './roles/processor-list.ts';
import { startProjectors, type ProjectorsRole } from './roles/projectors.ts';
import { startRelay, type RelayOptions } from './roles/relay.ts';
import type { RoleName } from './roles/role-name.ts';
import type { RoleStatus, RunningRole } from './roles/role-status.ts';
import { startSagaWorker, type SagaWorkerOptions, type SagaWorkerRole } from './roles/saga-worker.ts';
import { startSimulator, type SimulatorOptions } from './roles/simulator.ts';
import { startWebhooksRole, type WebhooksRoleOptions } from './roles/webhooks.ts';

/** Options of {@link startHost}. */
export interface HostOptions extends InfrastructureOptions {
  /** The roles this process runs. */
  readonly roles: readonly RoleName[];
  readonly api?: ApiOptions;
  readonly saga?: SagaWorkerOptions;
  /**
   * Kafka (config KAFKA_BROKERS): the relay role publishes integration events and takes payment
   * callbacks; payments then go through Kafka, so the simulator role does not run. Without it
   * the relay role does nothing.
   */
  readonly kafka?: RelayOptions;
  /** Payment simulator settings; `false` runs none even with the role. */
  readonly simulator?: SimulatorOptions | false;
  /** Webhook delivery policy (timeouts, attempts, backoff); unset fields keep the defaults. */
  readonly webhooks?: WebhooksRoleOptions;
}

/** A host process: its infrastructure and its running roles. */
export interface Host {
  readonly infra: Infrastructure;
  /** The API's app (not yet listening) when this process runs the api role. */
  readonly app: FastifyInstance | null;
  readonly projectors: ProjectorsRole | null;
  readonly saga: SagaWorkerRole | null;
  /** Every role started here, in start order. */
  readonly roles: readonly RunningRole[];
  status(): RoleStatus[];
  /** Stops the roles in reverse order, then closes the infrastructure. */
  stop(): Promise<void>;
}

/**
 * Starts the `roles` of this process over one shared {@link Infrastructure}: projectors first
 * (the API waits on them in memory), then the saga worker, relay, simulator and webhooks, the API last.
 * The schema must be current (see `pendingMigrations`); a role that fails to start retries
 * with backoff while the others run.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  // One registry per host (not prom-client's global one): two hosts in a process stay apart.
  const infra = await openInfrastructure({ ...options, metrics: options.metrics ?? createMetrics() });
  const started: RunningRole[] = [];
  const has = (role: RoleName) => options.roles.includes(role);
  collectProcessors(infra.metrics, async () =>
    (await Promise.all(started.map((r) => r.processorStatuses()))).flat(),
  );
  if (has('saga')) collectSagas(infra.metrics, infra.db('saga'));
  try {
    const projectors = has('projector') ? await startProjectors(infra) : null;
    if (projectors) started.push(projectors);
    const saga = has('saga') ? await startSagaWorker(infra, options.saga) : null;
    if (saga) started.push(saga);
    if (has('relay') && options.kafka) started.push(await startRelay(infra, options.kafka));
    if (has('simulator') && !options.kafka && options.simulator !== false)
      started.push(await startSimulator(infra, options.simulator ?? { approvalRate: 0.95, latencyMs: 20 }));
    if (has('webhooks')) started.push(await startWebhooksRole(infra, options.webhooks));
    const others = [...started];
    const api = has('api')
      ? await startApi(
          infra,
          {
            projectors,
            roles: () => others.map((r) => r.status()),
            processors: listProcessors(infra, () => others, {
              kafka: Boolean(options.kafka),
              simulator: !options.kafka && options.simulator !== false,
            }),
          },
          options.api,
        )
      : null;
    if (api) started.push(api);
    return {
      infra,
      app: api?.app ?? null,
      projectors,
      saga,
      roles: started,
      status: () => started.map((r) => r.status()),
      async stop() {
        for (const role of [...started].reverse()) await role.stop();
        await infra.close();
      },
    };
  } catch (error) {
    for (const role of started.reverse()) await role.stop().catch(() => undefined);
    await infra.close();
    throw error;
  }
}
