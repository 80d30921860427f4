import type { ListProcessors, ProcessorKind, ProcessorView } from '@orderflow/api';
import type { ProcessorStatus } from '@orderflow/consumer';
import type { Infrastructure } from '../infrastructure.ts';
import { inspectEveryProcessor, processorCatalog, type DeploymentShape } from '../processor-catalog.ts';
import type { RoleName } from './role-name.ts';
import type { RunningRole } from './role-status.ts';

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

/**
 * Every processor of the deployment for the API's `processors` query: those this process runs
 * from memory (their runtime's status), the others — run by another process, or by a role that
 * has not started — from their stored checkpoints ({@link inspectEveryProcessor}, a 250 ms
 * sample), in the catalog's order.
 */
export function listProcessors(
  infra: Infrastructure,
  roles: () => readonly RunningRole[],
  shape: Omit<DeploymentShape, 'redis'>,
): ListProcessors {
  const db = infra.db('api');
  const entries = processorCatalog({ ...shape, redis: infra.redis !== null });
  const typesOf = (name: string) => entries.find((e) => e.name === name)?.eventTypes ?? [];
  return async () => {
    const local = new Map<string, ProcessorView>();
    for (const role of roles())
      for (const status of await role.processorStatuses())
        local.set(status.name, {
          ...status,
          kind: kindOf(role.role, status),
          eventTypes: typesOf(status.name),
        });
    const missing = entries.filter((e) => !local.has(e.name));
    const outside = new Map(
      missing.length === 0
        ? []
        : (await inspectEveryProcessor(db, infra.store, infra.redis, missing, { sampleMs: 250 })).map(
            (v) => [v.name, v] as const,
          ),
    );
    const listed = entries.flatMap((e) => {
      const view = local.get(e.name) ?? outside.get(e.name);
      return view ? [view] : [];
    });
    const others = [...local.values()].filter((v) => !entries.some((e) => e.name === v.name));
    return [...listed, ...others];
  };
}
