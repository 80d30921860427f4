import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { liveTables, type TableNames } from '../../runtime/postgres/projection.ts';
import type { StockAlertRow } from './row.ts';
import { STOCK_ALERTS_TABLE } from './schema.ts';

interface DbStockAlert {
  sku: string;
  threshold: number;
  low: boolean;
  available: string;
  changed_at: Date;
  position: string;
}

const fromDb = (r: DbStockAlert): StockAlertRow => ({
  sku: r.sku,
  threshold: r.threshold,
  low: r.low,
  available: Number(r.available),
  changedAt: r.changed_at,
  position: BigInt(r.position),
});

/** Rows of those of `skus` that exist, by SKU. */
export async function loadStockAlertRows(
  db: Knex,
  skus: readonly string[],
  tables: TableNames = liveTables,
): Promise<Map<string, StockAlertRow>> {
  if (skus.length === 0) return new Map();
  const { rows } = (await db.raw('SELECT * FROM ?? WHERE sku = ANY(?)', [
    tables(STOCK_ALERTS_TABLE),
    [...skus],
  ])) as {
    rows: DbStockAlert[];
  };
  return new Map(rows.map((r) => [r.sku, fromDb(r)]));
}

/**
 * The SKUs whose low-stock alert is raised now, by SKU, at most `first` (1..1000, default 100).
 * @throws OrderflowError VALIDATION_FAILED for a bad `first`.
 */
export async function listLowStock(db: Knex, first = 100): Promise<StockAlertRow[]> {
  if (!Number.isInteger(first) || first < 1 || first > 1000)
    throw validationFailed('first must be an integer from 1 to 1000', { field: 'first' });
  const rows = (await db(STOCK_ALERTS_TABLE)
    .where({ low: true })
    .orderBy('sku')
    .limit(first)) as DbStockAlert[];
  return rows.map(fromDb);
}
