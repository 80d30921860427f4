import type { RedisOp } from '../../runtime/redis/ops.ts';
import { hashOps } from '../../runtime/redis/hash-ops.ts';
import type { RedisProjection } from '../../runtime/redis/projection.ts';
import { orderIdOf } from '../order-details/row.ts';
import {
  evolveOrderStatus,
  orderStatusFields,
  orderStatusFromFields,
  ORDER_STATUS_EVENTS,
  type OrderStatusEntry,
  type OrderStatusEvent,
} from './row.ts';

/** Name of the order-status Redis projection (part of its keys). */
export const ORDER_STATUS = 'order-status';

/**
 * Order status per order in Redis: `order:<orderId>` → hash { status, cancellationReason? }.
 * A batch reads the touched orders' hashes once, folds the events, and writes the changed
 * fields.
 */
export const orderStatusProjection: RedisProjection<OrderStatusEvent> = {
  name: ORDER_STATUS,
  version: 1,
  eventTypes: ORDER_STATUS_EVENTS,
  async plan(events, read, keys) {
    const ids = [...new Set(events.map(orderIdOf))];
    const stored = await read.hashes(ids.map((id) => keys.key('order', id)));
    const entries = new Map<string, OrderStatusEntry | null>(
      ids.map((id) => [id, orderStatusFromFields(id, stored.get(keys.key('order', id)))]),
    );
    for (const event of events) {
      const id = orderIdOf(event);
      entries.set(id, evolveOrderStatus(entries.get(id) ?? null, event));
    }
    const ops: RedisOp[] = [];
    for (const [id, entry] of entries) {
      if (!entry) continue;
      const key = keys.key('order', id);
      ops.push(...hashOps(key, stored.get(key), orderStatusFields(entry)));
    }
    return ops;
  },
};
