import type { Knex } from 'knex';
import { pageSize } from '../order-details/queries.ts';
import { queryLiveModel, type RedisModels } from '../../runtime/redis/query.ts';
import { PRODUCTS_TABLE } from '../stock-levels/schema.ts';
import { TOP_SELLERS } from './projection.ts';
import { unitsOfScore, type TopSeller } from './row.ts';

/**
 * The `first` best-selling SKUs (0..100, default 20; VALIDATION_FAILED otherwise) from Redis,
 * by units sold descending, ties by SKU ascending (byte order). SKUs that sold nothing are not
 * listed. Throws `RedisModelUnavailableError` when Redis cannot answer.
 */
export async function topSellers(models: RedisModels, first?: number | null): Promise<TopSeller[]> {
  const n = pageSize(first);
  if (n === 0) return [];
  const [flat] = (await queryLiveModel(models, TOP_SELLERS, (space, multi) =>
    multi.zrange(space.key('units'), 0, n - 1, 'WITHSCORES'),
  )) as [string[]];
  const out: TopSeller[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const units = unitsOfScore(Number(flat[i + 1]));
    if (units > 0) out.push({ sku: flat[i]!, units });
  }
  return out;
}

/**
 * The same answer as {@link topSellers} from Postgres: the `sold` column of `products`
 * (stock-levels ≥ version 2). SKUs compare with COLLATE "C" (byte order), as Redis does.
 */
export async function topSellersFromPostgres(db: Knex, first?: number | null): Promise<TopSeller[]> {
  const n = pageSize(first);
  if (n === 0) return [];
  const { rows } = (await db.raw(
    `SELECT sku, sold FROM ?? WHERE sold > 0 ORDER BY sold DESC, sku COLLATE "C" ASC LIMIT ?`,
    [PRODUCTS_TABLE, n],
  )) as { rows: Array<{ sku: string; sold: string }> };
  return rows.map((r) => ({ sku: r.sku, units: Number(r.sold) }));
}
