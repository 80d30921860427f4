import type { Knex } from 'knex';
import type { OrderStatus } from '../order-details/row.ts';
import { ORDERS_TABLE } from '../order-details/schema.ts';
import { queryLiveModel, type RedisModels } from '../../runtime/redis/query.ts';
import { ORDER_STATUS } from './projection.ts';
import { orderStatusFromFields, type OrderStatusEntry } from './row.ts';

/**
 * The status of order `orderId` from Redis (one MULTI on the live generation), null when there
 * is no such order. Throws `RedisModelUnavailableError` when Redis cannot answer.
 */
export async function getOrderStatus(models: RedisModels, orderId: string): Promise<OrderStatusEntry | null> {
  const [fields] = await queryLiveModel(models, ORDER_STATUS, (space, multi) =>
    multi.hgetall(space.key('order', orderId)),
  );
  return orderStatusFromFields(orderId, fields as Record<string, string>);
}

/** The same answer as {@link getOrderStatus}, from the Postgres `orders` table (order-details). */
export async function getOrderStatusFromPostgres(
  db: Knex,
  orderId: string,
): Promise<OrderStatusEntry | null> {
  const row = await db(ORDERS_TABLE)
    .where({ order_id: orderId })
    .first<{ status: OrderStatus; cancellation_reason: string | null } | undefined>(
      'status',
      'cancellation_reason',
    );
  return row ? { orderId, status: row.status, cancellationReason: row.cancellation_reason } : null;
}
