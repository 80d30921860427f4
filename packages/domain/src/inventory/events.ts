import type { Event } from '@orderflow/core';

/** A product joined the catalog. `unitPrice` is in minor units of `currency` (ISO 4217). */
export type ProductRegistered = Event<
  'ProductRegistered',
  { readonly sku: string; readonly name: string; readonly unitPrice: number; readonly currency: string }
>;

/**
 * The catalog price of a product changed from `previousUnitPrice` to `unitPrice` (minor units of
 * `currency`, which does not change). Orders placed from then on are priced with `unitPrice`;
 * orders placed before keep the price recorded in their OrderCreated.
 */
export type PriceChanged = Event<
  'PriceChanged',
  {
    readonly sku: string;
    readonly unitPrice: number;
    readonly previousUnitPrice: number;
    readonly currency: string;
  }
>;

/** `quantity` units arrived and are on hand. */
export type StockAdded = Event<'StockAdded', { readonly sku: string; readonly quantity: number }>;

/** `quantity` units are held for an order until committed or released. */
export type StockReserved = Event<
  'StockReserved',
  { readonly sku: string; readonly orderId: string; readonly quantity: number }
>;

/** Why a reservation was refused. */
export type StockReservationFailureReason = 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT';

/** A reservation was refused; `available` is what could have been reserved at the time. */
export type StockReservationFailed = Event<
  'StockReservationFailed',
  {
    readonly sku: string;
    readonly orderId: string;
    readonly quantity: number;
    readonly reason: StockReservationFailureReason;
    readonly available: number;
  }
>;

/** An order's reservation was given back; its units are available again. */
export type StockReleased = Event<
  'StockReleased',
  { readonly sku: string; readonly orderId: string; readonly quantity: number }
>;

/** An order's reserved units left the warehouse: on-hand and reserved both drop by `quantity`. */
export type StockCommitted = Event<
  'StockCommitted',
  { readonly sku: string; readonly orderId: string; readonly quantity: number }
>;

/**
 * The SKU's low-stock threshold became `threshold` units (0: no alerts). An alert is raised when
 * available stock falls below it and cleared when it is back at or above it.
 */
export type StockThresholdSet = Event<
  'StockThresholdSet',
  { readonly sku: string; readonly threshold: number }
>;

/**
 * Available stock (onHand − reserved) fell below the threshold: `available` < `threshold`.
 * Raised once; the next alert needs a {@link LowStockAlertCleared} first.
 */
export type LowStockAlertRaised = Event<
  'LowStockAlertRaised',
  { readonly sku: string; readonly available: number; readonly threshold: number }
>;

/** Available stock is back at or above the threshold (restocked, released), or alerts were turned off. */
export type LowStockAlertCleared = Event<
  'LowStockAlertCleared',
  { readonly sku: string; readonly available: number; readonly threshold: number }
>;

/** Every event of an inventory stream (`inventory-<sku>`). */
export type InventoryEvent =
  | ProductRegistered
  | PriceChanged
  | StockAdded
  | StockReserved
  | StockReservationFailed
  | StockReleased
  | StockCommitted
  | StockThresholdSet
  | LowStockAlertRaised
  | LowStockAlertCleared;

/** How an order's reservation ended; an order has at most one reservation per SKU. */
export type ReservationSettlement = 'reserved-failed' | 'released' | 'committed';

/**
 * The state of one SKU's stock.
 * - `onHand`: units in the warehouse, reserved ones included;
 * - `reserved`: units held by open reservations (Σ of `open`); available = onHand − reserved;
 * - `open`: orderId → reserved quantity, for reservations neither committed nor released;
 * - `settled`: orderId → how its reservation ended (kept so that repeated commands are no-ops).
 * An unregistered SKU keeps `settled` too, because a reservation can fail on it (UNKNOWN_PRODUCT).
 *
 * The maps are owned by the fold: {@link evolve} updates them in place.
 */
export type InventoryState =
  | { readonly status: 'unregistered'; readonly settled: Map<string, ReservationSettlement> }
  | {
      readonly status: 'registered';
      readonly sku: string;
      readonly name: string;
      readonly unitPrice: number;
      readonly currency: string;
      readonly onHand: number;
      readonly reserved: number;
      readonly open: Map<string, number>;
      readonly settled: Map<string, ReservationSettlement>;
      /** Low-stock threshold in units; 0 (the default): no alerts. */
      readonly lowStockThreshold?: number;
      /** True between a LowStockAlertRaised and the next LowStockAlertCleared. */
      readonly lowStockAlert?: boolean;
    };

/** Units that can still be reserved: onHand − reserved, never below 0 (0 when unregistered). */
export function availableStock(state: InventoryState): number {
  return state.status === 'registered' ? Math.max(0, state.onHand - state.reserved) : 0;
}

/** The state of an inventory stream without events; fresh maps on every call. */
export const initialState = (): InventoryState => ({ status: 'unregistered', settled: new Map() });

/**
 * Folds one inventory event into the state.
 *
 * Takes ownership of `state`: it updates `state.open` and `state.settled` in place and returns
 * a new top-level object that shares those maps, so the state passed in must not be used
 * afterwards. Why: a popular SKU's stream holds 100,000+ events and is folded from the start
 * on every command; copying the maps per event would make a fold O(n²), updating them keeps
 * each event O(1). Pass a state you own (from `initialState()` or a previous `evolve`), never
 * one that is still read elsewhere. Returns `state` unchanged for an event that does not apply.
 */
export function evolve(state: InventoryState, event: InventoryEvent): InventoryState {
  switch (event.type) {
    case 'ProductRegistered': {
      if (state.status === 'registered') return state;
      const { sku, name, unitPrice, currency } = event.data;
      const open = new Map<string, number>();
      return {
        status: 'registered',
        sku,
        name,
        unitPrice,
        currency,
        onHand: 0,
        reserved: 0,
        open,
        settled: state.settled,
      };
    }
    case 'PriceChanged':
      if (state.status === 'unregistered') return state;
      return { ...state, unitPrice: event.data.unitPrice };
    case 'StockAdded':
      if (state.status === 'unregistered') return state;
      return { ...state, onHand: state.onHand + event.data.quantity };
    case 'StockReserved':
      if (state.status === 'unregistered') return state;
      state.open.set(event.data.orderId, event.data.quantity);
      return { ...state, reserved: state.reserved + event.data.quantity };
    case 'StockReservationFailed':
      state.settled.set(event.data.orderId, 'reserved-failed');
      return { ...state };
    case 'StockReleased':
      if (state.status === 'unregistered') return state;
      state.open.delete(event.data.orderId);
      state.settled.set(event.data.orderId, 'released');
      return { ...state, reserved: state.reserved - event.data.quantity };
    case 'StockCommitted':
      if (state.status === 'unregistered') return state;
      state.open.delete(event.data.orderId);
      state.settled.set(event.data.orderId, 'committed');
      return {
        ...state,
        onHand: state.onHand - event.data.quantity,
        reserved: state.reserved - event.data.quantity,
      };
    case 'StockThresholdSet':
      if (state.status === 'unregistered') return state;
      return { ...state, lowStockThreshold: event.data.threshold };
    case 'LowStockAlertRaised':
      if (state.status === 'unregistered') return state;
      return { ...state, lowStockAlert: true };
    case 'LowStockAlertCleared':
      if (state.status === 'unregistered') return state;
      return { ...state, lowStockAlert: false };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
