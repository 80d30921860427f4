/**
 * The GraphQL operations of the Low stock page (packages/api/src/graphql/stock-alert-resolvers.ts)
 * and the shapes they return.
 */
import type * as Schema from './schema.generated.ts';

/** A SKU's alert as the page reads it. */
export type StockAlertRow = Pick<Schema.StockAlert, 'sku' | 'low' | 'available' | 'threshold' | 'position'>;

/** The SKUs below their threshold now. */
export const LOW_STOCK = /* GraphQL */ `
  query LowStock {
    lowStock(first: 500) {
      sku
      low
      available
      threshold
      position
    }
  }
`;

/** What {@link LOW_STOCK} returns. */
export interface LowStock {
  readonly lowStock: readonly StockAlertRow[];
}

/** Each alert raised or cleared from now on. */
export const STOCK_ALERTS = /* GraphQL */ `
  subscription StockAlerts {
    stockAlerts {
      sku
      low
      available
      threshold
      position
    }
  }
`;

/** What {@link STOCK_ALERTS} pushes. */
export interface StockAlertPush {
  readonly stockAlerts: StockAlertRow;
}
