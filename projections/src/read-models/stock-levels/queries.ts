import type { Knex } from 'knex';
import { type Page } from '../order-details/queries.ts';
import { pageByKey } from '../key-page.ts';
import { liveTables, type TableNames } from '../../runtime/postgres/projection.ts';
import type { ProductRow } from './row.ts';
import { PRODUCTS_TABLE } from './schema.ts';

interface DbProduct {
  sku: string;
  name: string;
  unit_price: string;
  currency: string;
  on_hand: string;
  reserved: string;
  sold: string;
  updated_at: Date;
  position: string;
}

const fromDb = (r: DbProduct): ProductRow => ({
  sku: r.sku,
  name: r.name,
  unitPrice: Number(r.unit_price),
  currency: r.currency,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  sold: Number(r.sold),
  updatedAt: r.updated_at,
  position: BigInt(r.position),
});

/** Rows of `skus` that exist. */
export async function loadProductRows(
  db: Knex,
  skus: readonly string[],
  tables: TableNames = liveTables,
): Promise<Map<string, ProductRow>> {
  if (skus.length === 0) return new Map();
  const rows = (await db.raw(`SELECT * FROM ?? WHERE sku = ANY(?)`, [tables(PRODUCTS_TABLE), [...skus]]))
    .rows as DbProduct[];
  return new Map(rows.map((r) => [r.sku, fromDb(r)]));
}

/** A product's catalog price: `unitPrice` in minor units of `currency` (ISO 4217). */
export interface CatalogPrice {
  readonly sku: string;
  readonly unitPrice: number;
  readonly currency: string;
}

/**
 * The catalog prices of those of `skus` that the stock-levels read model holds, by SKU (one
 * indexed query). Prices change through PriceChanged events, so this is as fresh as the read
 * model (its lag, typically milliseconds).
 */
export async function loadCatalogPrices(
  db: Knex,
  skus: readonly string[],
): Promise<Map<string, CatalogPrice>> {
  if (skus.length === 0) return new Map();
  const { rows } = (await db.raw(`SELECT sku, unit_price, currency FROM ?? WHERE sku = ANY(?)`, [
    PRODUCTS_TABLE,
    [...skus],
  ])) as { rows: { sku: string; unit_price: string; currency: string }[] };
  return new Map(
    rows.map((r) => [r.sku, { sku: r.sku, unitPrice: Number(r.unit_price), currency: r.currency }]),
  );
}

/** One product, or null. */
export async function getProduct(db: Knex, sku: string): Promise<ProductRow | null> {
  return (await loadProductRows(db, [sku])).get(sku) ?? null;
}

/** Products by SKU, as a cursor connection (`first` 0..100, `after` a cursor). */
export function listProducts(
  db: Knex,
  input: { first?: number | null; after?: string | null },
): Promise<Page<ProductRow>> {
  return pageByKey<DbProduct, ProductRow>(db, PRODUCTS_TABLE, 'sku', input, fromDb);
}
