import { streamName, type Decider } from '@orderflow/core';
import { decide, type InventoryCommand } from './commands.ts';
import { evolve, initialState, type InventoryEvent, type InventoryState } from './events.ts';
import { inventorySnapshot } from './snapshot.ts';

export {
  MAX_PRODUCT_NAME_LENGTH,
  MAX_RESTOCK_QUANTITY,
  type ChangePrice,
  type CommitStock,
  type InventoryCommand,
  type RegisterProduct,
  type ReleaseStock,
  type ReserveStock,
  type Restock,
  type SetStockThreshold,
} from './commands.ts';
export {
  availableStock,
  type InventoryEvent,
  type InventoryState,
  type LowStockAlertCleared,
  type LowStockAlertRaised,
  type StockThresholdSet,
  type PriceChanged,
  type ProductRegistered,
  type ReservationSettlement,
  type StockAdded,
  type StockCommitted,
  type StockReleased,
  type StockReservationFailed,
  type StockReservationFailureReason,
  type StockReserved,
} from './events.ts';

/**
 * The inventory aggregate: one stream per SKU ({@link inventoryStream}). See `decide` in
 * `commands.ts` for the rules and errors. Its `evolve` takes ownership of the state it is given
 * and updates the state's maps in place (O(1) per event, for streams of 100,000+ events), so
 * always fold from a fresh `initialState()` and do not reuse a state after evolving it.
 * It has a snapshot codec ({@link inventorySnapshot}) for the same reason.
 */
export const inventoryDecider: Decider<InventoryState, InventoryCommand, InventoryEvent> = {
  decide,
  evolve,
  initialState,
  snapshot: inventorySnapshot,
};

/** The stream of one SKU's stock: `inventory-<sku>`. */
export const inventoryStream = (sku: string): string => streamName('inventory', sku);
