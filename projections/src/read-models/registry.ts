import type { Projection } from '../runtime/postgres/projection.ts';
import type { RedisProjection } from '../runtime/redis/projection.ts';
import { couponsProjection } from './coupons/projection.ts';
import { stockAlertsProjection } from './stock-alerts/projection.ts';
import { dailySalesProjection } from './daily-sales/projection.ts';
import { orderDetailsProjection } from './order-details/projection.ts';
import { orderStatusProjection } from './order-status/projection.ts';
import { stockAvailabilityProjection } from './stock-availability/projection.ts';
import { stockLevelsProjection } from './stock-levels/projection.ts';
import { topSellersProjection } from './top-sellers/projection.ts';

/** The GraphQL queries answered from a read model (the `Query` fields of the schema). */
export type ReadModelQuery =
  | 'order'
  | 'orders'
  | 'product'
  | 'products'
  | 'dailySales'
  | 'coupon'
  | 'coupons'
  | 'lowStock'
  | 'orderStatus'
  | 'stockAvailability'
  | 'topSellers';

/** A Postgres read model and the queries it answers. */
export interface PostgresReadModel {
  readonly store: 'postgres';
  readonly projection: Projection;
  readonly serves: readonly ReadModelQuery[];
}

/**
 * A Redis read model: it answers `serves` while it is fresh, and its Postgres twin answers the
 * same queries (same answer) when Redis is off, behind, or failing.
 */
export interface RedisReadModel {
  readonly store: 'redis';
  readonly projection: RedisProjection;
  readonly serves: readonly ReadModelQuery[];
  /** Name of the Postgres read model that answers for it. */
  readonly twin: string;
}

/** One entry of {@link readModelRegistry}. */
export type ReadModel = PostgresReadModel | RedisReadModel;

/**
 * Every read model, Postgres ones first, each in the order the projectors start them. The one
 * list the projectors, the CLI and the API read: add a read model here and nowhere else.
 */
export const readModelRegistry = [
  { store: 'postgres', projection: orderDetailsProjection, serves: ['order', 'orders'] },
  { store: 'postgres', projection: stockLevelsProjection, serves: ['product', 'products'] },
  { store: 'postgres', projection: dailySalesProjection, serves: ['dailySales'] },
  { store: 'postgres', projection: couponsProjection, serves: ['coupon', 'coupons'] },
  { store: 'postgres', projection: stockAlertsProjection, serves: ['lowStock'] },
  { store: 'redis', projection: orderStatusProjection, serves: ['orderStatus'], twin: 'order-details' },
  {
    store: 'redis',
    projection: stockAvailabilityProjection,
    serves: ['stockAvailability'],
    twin: 'stock-levels',
  },
  { store: 'redis', projection: topSellersProjection, serves: ['topSellers'], twin: 'stock-levels' },
] as const satisfies readonly ReadModel[];

/** Every Postgres read model, in the order the projector starts them. */
export const projections: readonly Projection[] = readModelRegistry.flatMap((m) =>
  m.store === 'postgres' ? [m.projection] : [],
);

/** Every Redis read model, in the order the projector starts them. */
export const redisProjections: readonly RedisProjection[] = readModelRegistry.flatMap((m) =>
  m.store === 'redis' ? [m.projection] : [],
);

/** Which read models answer a query: the Postgres one, and the Redis twin that may answer first. */
export interface QueryRoute {
  /** Name of the Postgres read model that answers the query (always there). */
  readonly postgres: string;
  /** Name of the Redis read model that answers it while fresh, or null when it has none. */
  readonly redis: string | null;
}

/**
 * The read models that answer `query`.
 * @throws Error when no read model serves `query` (a registry bug; the unit spec checks every
 *   query has exactly one Postgres read model).
 */
export function queryRoute(query: ReadModelQuery): QueryRoute {
  const redis = readModelRegistry.find((m) => m.store === 'redis' && m.serves.some((q) => q === query));
  const postgresName =
    redis?.store === 'redis'
      ? redis.twin
      : readModelRegistry.find((m) => m.store === 'postgres' && m.serves.some((q) => q === query))?.projection
          .name;
  if (!postgresName) throw new Error(`no read model serves the query ${query}`);
  return { postgres: postgresName, redis: redis ? redis.projection.name : null };
}

/**
 * The read model whose position a `minPosition` on `query` waits for: the Redis twin when it
 * is the one answering (`redisServes(name)`, e.g. the Redis projector's `isFresh`), else the
 * Postgres read model.
 */
export function servingReadModel(query: ReadModelQuery, redisServes: (name: string) => boolean): string {
  const route = queryRoute(query);
  return route.redis !== null && redisServes(route.redis) ? route.redis : route.postgres;
}
