import { loadAggregate, type StreamStore } from '@orderflow/core';
import { inventoryDecider, inventoryStream } from '@orderflow/domain';
import { loadCatalogPrices, type CatalogPrice } from '@orderflow/projections';
import type { Knex } from 'knex';

/** The current catalog prices of `skus`, by SKU; a SKU that is not registered is absent. */
export type PriceLookup = (skus: readonly string[]) => Promise<Map<string, CatalogPrice>>;

/**
 * Prices from the stock-levels read model (one query for all of an order's SKUs), and for a SKU
 * the read model does not hold yet — a product registered a moment ago — from its inventory
 * stream, the source of truth (a new product's stream is a few events long). A price change
 * applies to orders placed once the read model has applied its PriceChanged (`changePrice`
 * returns that position; `product(sku, minPosition)` waits for it).
 */
export function createPriceLookup(db: Knex, store: StreamStore): PriceLookup {
  return async (skus) => {
    const prices = await loadCatalogPrices(db, skus);
    const missing = skus.filter((sku) => !prices.has(sku));
    const fromStreams = await Promise.all(
      missing.map(async (sku) => ({
        sku,
        ...(await loadAggregate(store, inventoryDecider, inventoryStream(sku))),
      })),
    );
    for (const { sku, state } of fromStreams)
      if (state.status === 'registered')
        prices.set(sku, { sku, unitPrice: state.unitPrice, currency: state.currency });
    return prices;
  };
}
