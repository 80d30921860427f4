import type { Knex } from 'knex';
import { ORDER_STATUS } from './order-status/projection.ts';
import { getOrderStatus, getOrderStatusFromPostgres } from './order-status/queries.ts';
import type { OrderStatusEntry } from './order-status/row.ts';
import { STOCK_AVAILABILITY } from './stock-availability/projection.ts';
import { getStockAvailability, getStockAvailabilityFromPostgres } from './stock-availability/queries.ts';
import type { StockAvailability } from './stock-availability/row.ts';
import { TOP_SELLERS } from './top-sellers/projection.ts';
import { topSellers, topSellersFromPostgres } from './top-sellers/queries.ts';
import type { TopSeller } from './top-sellers/row.ts';
import { withFallback, type FallbackOptions } from '../runtime/redis/fallback.ts';
import type { RedisModels } from '../runtime/redis/query.ts';

/** The queries served from Redis, each falling back to its Postgres twin. */
export interface ReadModelQueries {
  orderStatus(orderId: string): Promise<OrderStatusEntry | null>;
  stockAvailability(sku: string): Promise<StockAvailability | null>;
  topSellers(first?: number | null): Promise<TopSeller[]>;
}

/** Input of {@link createReadModelQueries}. */
export interface ReadModelQueriesInput {
  /** The Redis read models, or null when Redis is off (every query goes to Postgres). */
  readonly redis: RedisModels | null;
  readonly db: Knex;
  /** Whether a Redis projection may answer, e.g. `(name) => projector.isFresh(name)`. */
  readonly isFresh?: (projection: string) => boolean;
  readonly timeoutMs?: number;
  readonly onFallback?: (projection: string, error: unknown) => void;
}

/**
 * The GraphQL layer's view of the Redis read models: each query answers from Redis when the
 * projection is fresh and Redis answers in time, else from Postgres (same answer), and never
 * fails because of Redis.
 */
export function createReadModelQueries(input: ReadModelQueriesInput): ReadModelQueries {
  const { redis, db } = input;
  const options = (name: string): FallbackOptions => ({
    isAvailable: () => redis !== null && (input.isFresh?.(name) ?? true),
    timeoutMs: input.timeoutMs,
    onFallback: (error) => input.onFallback?.(name, error),
  });
  return {
    orderStatus: withFallback(
      (orderId: string) => getOrderStatus(redis!, orderId),
      (orderId: string) => getOrderStatusFromPostgres(db, orderId),
      options(ORDER_STATUS),
    ),
    stockAvailability: withFallback(
      (sku: string) => getStockAvailability(redis!, sku),
      (sku: string) => getStockAvailabilityFromPostgres(db, sku),
      options(STOCK_AVAILABILITY),
    ),
    topSellers: withFallback(
      (first?: number | null) => topSellers(redis!, first),
      (first?: number | null) => topSellersFromPostgres(db, first),
      options(TOP_SELLERS),
    ),
  };
}
