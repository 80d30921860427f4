import type { Knex } from 'knex';
import { queryLiveModel, type RedisModels } from '../../runtime/redis/query.ts';
import { PRODUCTS_TABLE } from '../stock-levels/schema.ts';
import { STOCK_AVAILABILITY } from './projection.ts';
import { stockAvailabilityFromFields, type StockAvailability } from './row.ts';

/**
 * Stock of `sku` from Redis (one MULTI on the live generation), null for an unregistered SKU.
 * Throws `RedisModelUnavailableError` when Redis cannot answer.
 */
export async function getStockAvailability(
  models: RedisModels,
  sku: string,
): Promise<StockAvailability | null> {
  const [fields] = await queryLiveModel(models, STOCK_AVAILABILITY, (space, multi) =>
    multi.hgetall(space.key('sku', sku)),
  );
  return stockAvailabilityFromFields(sku, fields as Record<string, string>);
}

/** The same answer as {@link getStockAvailability}, from the Postgres `products` table (stock-levels). */
export async function getStockAvailabilityFromPostgres(
  db: Knex,
  sku: string,
): Promise<StockAvailability | null> {
  const row = await db(PRODUCTS_TABLE)
    .where({ sku })
    .first<{ on_hand: string; reserved: string } | undefined>('on_hand', 'reserved');
  if (!row) return null;
  const onHand = Number(row.on_hand);
  const reserved = Number(row.reserved);
  return { sku, onHand, reserved, available: Math.max(0, onHand - reserved) };
}
