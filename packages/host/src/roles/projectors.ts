import {
  projections,
  redisProjections,
  startProjector,
  startRedisProjector,
  type OrderStatusChange,
  type Projector,
  type StockAlertChange,
  type RedisProjector,
} from '@orderflow/projections';
import { notifyOrderStatusChanges } from '../channels/order-status-channel.ts';
import { notifyStockAlerts } from '../channels/stock-alert-channel.ts';
import type { Infrastructure } from '../infrastructure.ts';
import { countOrderEvents } from '../metrics/instrument.ts';
import { superviseRole } from './supervise.ts';
import { ProcessorStates, type RunningRole } from './role-status.ts';

/** Options of {@link startProjectors}. */
export interface ProjectorsOptions {
  /** Order status changes after each order-details batch committed (in-process subscribers). */
  readonly onStatusChanges?: (changes: readonly OrderStatusChange[]) => void;
  /**
   * Also NOTIFY the changes on `orderflow_order_status`, for API processes that do not run
   * this role. Default true.
   */
  readonly notifyStatusChanges?: boolean;
}

/** The projector role: the Postgres read models and, with Redis, the Redis ones. */
export interface ProjectorsRole extends RunningRole {
  /** The Postgres read models' projector, once started. */
  postgres(): Projector | null;
  /** The Redis read models' projector, once started; null without Redis. */
  redis(): RedisProjector | null;
}

/**
 * Starts the projector role over `infra` (knex pool `projector`): every Postgres read model, and
 * the Redis read models when Redis is configured, each one processor on the consumer runtime —
 * applied by whichever process holds its advisory lock, the others standing by.
 */
export async function startProjectors(
  infra: Infrastructure,
  options: ProjectorsOptions = {},
): Promise<ProjectorsRole> {
  const db = infra.db('projector');
  const log = infra.logger.child({ role: 'projector' });
  const notify = options.notifyStatusChanges ?? true;
  let postgres: Projector | null = null;
  let redis: RedisProjector | null = null;
  let notified: Promise<void> = Promise.resolve();
  const role = await superviseRole(
    'projector',
    async () => {
      const states = new ProcessorStates([
        ...projections.map((p) => p.name),
        ...(infra.redis ? redisProjections.map((p) => p.name) : []),
      ]);
      const pg = await startProjector(db, infra.store, projections, {
        onStateChange: states.record,
        onError: (projection, err) => log.error({ err, projection }, 'projection retrying or parked'),
        onApplied: (name, events, changes) => {
          if (name === 'stock-alerts' && changes.length > 0 && notify) {
            const alerts = changes as readonly StockAlertChange[];
            notified = notified.then(() => notifyStockAlerts(db, alerts, log));
            return;
          }
          if (name !== 'order-details') return;
          countOrderEvents(infra.metrics, events);
          if (changes.length === 0) return;
          const statusChanges = changes as readonly OrderStatusChange[];
          options.onStatusChanges?.(statusChanges);
          // One notification at a time, in batch order: listeners see an order's statuses in order.
          if (notify) notified = notified.then(() => notifyOrderStatusChanges(db, statusChanges, log));
        },
      });
      const rd = infra.redis
        ? await startRedisProjector({
            redis: infra.redis.client,
            keyPrefix: infra.redis.keyPrefix,
            store: infra.store,
            db,
            projections: redisProjections,
            onStateChange: states.record,
            onError: (projection, err) =>
              log.error({ err, projection }, 'redis projection retrying or parked'),
          }).catch(async (error: unknown) => {
            await pg.stop();
            throw error;
          })
        : null;
      postgres = pg;
      redis = rd;
      return {
        processors: () => states.list(),
        statuses: async () => [...(await pg.status()), ...(rd?.status() ?? [])],
        async stop() {
          await rd?.stop();
          await pg.stop();
          await notified;
        },
      };
    },
    infra.logger,
  );
  return { ...role, postgres: () => postgres, redis: () => redis };
}
