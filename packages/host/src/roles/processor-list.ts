import type { ListProcessors, ProcessorKind, ProcessorView } from '@orderflow/api';
import { inspectProcessors, type ProcessorStatus } from '@orderflow/consumer';
import { PUBLISHED_EVENT_TYPES } from '@orderflow/kafka';
import { PAYMENT_SIMULATOR, PAYMENT_SIMULATOR_EVENT_TYPES } from '@orderflow/payment-simulator';
import { inspectProjections, projections, redisProjections } from '@orderflow/projections';
import { createOrderFulfillment, createReturns } from '@orderflow/sagas';
import { WEBHOOK_EVENT_TYPES, WEBHOOKS_PROCESSOR } from '@orderflow/webhooks';
import type { Infrastructure } from '../infrastructure.ts';
import type { RoleName } from './role-name.ts';
import type { RunningRole } from './role-status.ts';

/** A processor of the deployment, as seen from outside the process that runs it. */
interface CatalogEntry {
  readonly name: string;
  readonly kind: ProcessorKind;
  readonly eventTypes: readonly string[];
  readonly store: string;
}

/** Which optional processors the deployment runs. */
export interface DeploymentShape {
  /** Kafka configured: the integration relay runs (and the payment simulator does not). */
  readonly kafka: boolean;
  /** The payment simulator runs (no Kafka, simulator not turned off). */
  readonly simulator: boolean;
}

const KIND_OF_ROLE: Partial<Record<RoleName, ProcessorKind>> = {
  saga: 'process-manager',
  relay: 'relay',
  webhooks: 'webhooks',
  simulator: 'payment-simulator',
};

const kindOf = (role: RoleName, status: ProcessorStatus): ProcessorKind =>
  role === 'projector'
    ? status.store === 'redis'
      ? 'redis-read-model'
      : 'postgres-read-model'
    : (KIND_OF_ROLE[role] ?? 'process-manager');

/** Every processor of a deployment of this shape, read models first, in a fixed order. */
function catalog(infra: Infrastructure, shape: DeploymentShape): CatalogEntry[] {
  const pms = [createOrderFulfillment(), createReturns()];
  return [
    ...projections.map((p) => ({ ...p, kind: 'postgres-read-model' as const, store: 'postgres' })),
    ...(infra.redis ? redisProjections : []).map((p) => ({
      ...p,
      kind: 'redis-read-model' as const,
      store: 'redis',
    })),
    ...pms.map((pm) => ({
      name: pm.name,
      eventTypes: pm.eventTypes,
      kind: 'process-manager' as const,
      store: 'postgres',
    })),
    ...(shape.kafka
      ? [
          {
            name: 'integration-relay',
            eventTypes: PUBLISHED_EVENT_TYPES,
            kind: 'relay' as const,
            store: 'kafka',
          },
        ]
      : []),
    {
      name: WEBHOOKS_PROCESSOR,
      eventTypes: WEBHOOK_EVENT_TYPES,
      kind: 'webhooks' as const,
      store: 'postgres',
    },
    ...(shape.simulator
      ? [
          {
            name: PAYMENT_SIMULATOR,
            eventTypes: PAYMENT_SIMULATOR_EVENT_TYPES,
            kind: 'payment-simulator' as const,
            store: 'eventstore',
          },
        ]
      : []),
  ];
}

/**
 * Every processor of the deployment for the API's `processors` query: those this process runs
 * from memory (their runtime's status), the others — run by another process, or by a role that
 * has not started — from their stored checkpoints (`inspectProcessors`, a 250 ms sample, as
 * `orderflow projections status` reads them).
 */
export function listProcessors(
  infra: Infrastructure,
  roles: () => readonly RunningRole[],
  shape: DeploymentShape,
): ListProcessors {
  const db = infra.db('api');
  return async () => {
    const entries = catalog(infra, shape);
    const typesOf = (name: string) => entries.find((e) => e.name === name)?.eventTypes ?? [];
    const local = new Map<string, ProcessorView>();
    for (const role of roles())
      for (const status of await role.processorStatuses())
        local.set(status.name, {
          ...status,
          kind: kindOf(role.role, status),
          eventTypes: typesOf(status.name),
        });
    const missing = entries.filter((e) => !local.has(e.name));
    const outside = new Map<string, ProcessorView>();
    if (missing.length > 0) {
      const models = missing.filter((e) => e.kind.endsWith('read-model')).map((e) => e.name);
      const [readModels, rest] = await Promise.all([
        inspectProjections(
          db,
          infra.store,
          {
            postgres: projections.filter((p) => models.includes(p.name)),
            redis: infra.redis
              ? { ...infra.redis, projections: redisProjections.filter((p) => models.includes(p.name)) }
              : undefined,
          },
          { sampleMs: 250 },
        ),
        inspectProcessors(
          db,
          infra.store,
          missing.filter((e) => !e.kind.endsWith('read-model')),
          { sampleMs: 250 },
        ),
      ]);
      for (const s of [...readModels, ...rest])
        outside.set(s.name, {
          ...s,
          kind: missing.find((e) => e.name === s.name)!.kind,
          eventTypes: typesOf(s.name),
        });
    }
    const listed = entries.map((e) => local.get(e.name) ?? outside.get(e.name)!).filter(Boolean);
    const others = [...local.values()].filter((v) => !entries.some((e) => e.name === v.name));
    return [...listed, ...others];
  };
}
