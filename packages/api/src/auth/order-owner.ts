import { hasErrorCode } from '@orderflow/core';
import { orderStream } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { LRUCache } from 'lru-cache';
import { requireAuthenticated, type Principal } from './principal.ts';

/** The customer an order belongs to, or null when the order does not exist. */
export type OrderOwner = (orderId: string) => Promise<string | null>;

/**
 * Looks an order's customer up in the event log (the first event of `order-<id>`, OrderCreated),
 * so it holds even before the read models have caught up. An owner never changes, so found
 * owners are cached (LRU, 100,000 orders); unknown orders are not.
 */
export function createOrderOwner(store: EventStore): OrderOwner {
  const cache = new LRUCache<string, string>({ max: 100_000 });
  return async (orderId) => {
    const cached = cache.get(orderId);
    if (cached !== undefined) return cached;
    try {
      const [first] = await store.readStream(orderStream(orderId), { maxCount: 1 });
      const customerId = (first?.data as { customerId?: unknown } | undefined)?.customerId;
      if (typeof customerId !== 'string') return null;
      cache.set(orderId, customerId);
      return customerId;
    } catch (error) {
      if (hasErrorCode(error, 'STREAM_NOT_FOUND')) return null;
      throw error;
    }
  };
}

/**
 * True when `principal` may see order `orderId`: admins any order, a customer their own (an
 * unknown order counts as not theirs, so its existence is not revealed).
 * @throws OrderflowError UNAUTHENTICATED without a principal.
 */
export async function canSeeOrder(
  owner: OrderOwner,
  principal: Principal | null,
  orderId: string,
): Promise<boolean> {
  const p = requireAuthenticated(principal);
  if (p.role === 'admin') return true;
  return (await owner(orderId)) === p.customerId;
}
