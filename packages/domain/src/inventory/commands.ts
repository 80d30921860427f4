import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import {
  requireCurrency,
  requireNonEmptyString,
  requireNonNegativeInteger,
  requirePositiveInteger,
  requireSameId,
  requireSku,
} from '../shared/validation.ts';
import { availableStock, type InventoryEvent, type InventoryState } from './events.ts';

/** Longest product name after trimming, in UTF-16 code units. */
export const MAX_PRODUCT_NAME_LENGTH = 200;
/** Most units one Restock may add. */
export const MAX_RESTOCK_QUANTITY = 10_000_000;

/**
 * Add a product to the catalog with `initialStock` units on hand (integer ≥ 0). `unitPrice` is
 * in minor units of `currency` (ISO 4217); `name` is trimmed and must be 1–200 characters.
 */
export type RegisterProduct = Command<
  'RegisterProduct',
  {
    readonly sku: string;
    readonly name: string;
    readonly unitPrice: number;
    readonly currency: string;
    readonly initialStock: number;
    /** Low-stock threshold, units; default 0 (no alerts). */
    readonly lowStockThreshold?: number;
  }
>;

/**
 * Set a registered product's catalog price to `unitPrice` (a positive safe integer, minor units
 * of the product's currency). Setting the current price again changes nothing.
 */
export type ChangePrice = Command<'ChangePrice', { readonly sku: string; readonly unitPrice: number }>;

/** Add `quantity` units (1..10,000,000) to a registered product. */
export type Restock = Command<'Restock', { readonly sku: string; readonly quantity: number }>;

/** Hold `quantity` units (positive integer) for an order; idempotent per orderId. */
export type ReserveStock = Command<
  'ReserveStock',
  { readonly sku: string; readonly orderId: string; readonly quantity: number }
>;

/** Give an order's open reservation back (compensation); a no-op when there is none. */
export type ReleaseStock = Command<'ReleaseStock', { readonly sku: string; readonly orderId: string }>;

/** Turn an order's open reservation into a shipment: the units leave on-hand stock. */
export type CommitStock = Command<'CommitStock', { readonly sku: string; readonly orderId: string }>;

/** Set the SKU's low-stock threshold to `threshold` units (integer 0..10,000,000; 0 turns alerts off). */
export type SetStockThreshold = Command<
  'SetStockThreshold',
  { readonly sku: string; readonly threshold: number }
>;

/** Every command of the inventory decider. */
export type InventoryCommand =
  RegisterProduct | ChangePrice | Restock | ReserveStock | ReleaseStock | CommitStock | SetStockThreshold;

/**
 * Decides what an inventory command does to one SKU's stock. Pure; never mutates `state`.
 * - RegisterProduct → [ProductRegistered] (+ [StockAdded] when initialStock > 0);
 * - ChangePrice → [PriceChanged]; the current price again → [];
 * - Restock → [StockAdded];
 * - ReserveStock: orderId already open or settled → []; unregistered SKU →
 *   [StockReservationFailed UNKNOWN_PRODUCT, available 0]; enough available → [StockReserved];
 *   otherwise [StockReservationFailed INSUFFICIENT_STOCK with the current available];
 * - ReleaseStock: open reservation → [StockReleased with its quantity]; otherwise [];
 * - CommitStock: open reservation → [StockCommitted]; already committed → [];
 * - SetStockThreshold → [StockThresholdSet]; the same threshold again → [];
 * and after any of them the low-stock alert they cause ({@link withLowStockAlerts}).
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field`), including a `sku`
 *   that differs from the registered stream's; ALREADY_EXISTS for RegisterProduct on a
 *   registered SKU; NOT_FOUND for Restock or ChangePrice of an unregistered SKU; INVALID_STATE for CommitStock
 *   without an open or committed reservation.
 */
export function decide(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  return withLowStockAlerts(state, decideStock(command, state));
}

/** Available stock after `events` (folded arithmetically: decide must not touch `state`'s maps). */
function availableAfter(state: InventoryState, events: readonly InventoryEvent[]): number {
  let onHand = state.status === 'registered' ? state.onHand : 0;
  let reserved = state.status === 'registered' ? state.reserved : 0;
  for (const e of events) {
    if (e.type === 'StockAdded') onHand += e.data.quantity;
    else if (e.type === 'StockReserved') reserved += e.data.quantity;
    else if (e.type === 'StockReleased') reserved -= e.data.quantity;
    else if (e.type === 'StockCommitted') {
      onHand -= e.data.quantity;
      reserved -= e.data.quantity;
    }
  }
  return Math.max(0, onHand - reserved);
}

/**
 * `events` followed by the low-stock alert they cause: LowStockAlertRaised when available stock
 * ends below a threshold > 0 with no alert raised, LowStockAlertCleared when an alert is raised
 * and available stock ends at or above the threshold (or the threshold became 0). In the same
 * append as the change, so an alert is raised exactly once per crossing, whatever the replays.
 */
function withLowStockAlerts(state: InventoryState, events: InventoryEvent[]): InventoryEvent[] {
  if (events.length === 0) return events;
  const registered = events.find((e) => e.type === 'ProductRegistered');
  if (state.status !== 'registered' && !registered) return events;
  const sku = state.status === 'registered' ? state.sku : registered!.data.sku;
  const set = events.findLast((e) => e.type === 'StockThresholdSet');
  const threshold = set
    ? set.data.threshold
    : state.status === 'registered'
      ? (state.lowStockThreshold ?? 0)
      : 0;
  const alert = state.status === 'registered' ? (state.lowStockAlert ?? false) : false;
  const available = availableAfter(state, events);
  if (!alert && threshold > 0 && available < threshold)
    return [...events, { type: 'LowStockAlertRaised', data: { sku, available, threshold } }];
  if (alert && (threshold === 0 || available >= threshold))
    return [...events, { type: 'LowStockAlertCleared', data: { sku, available, threshold } }];
  return events;
}

function decideStock(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  requireSku(command.data.sku, 'sku');
  if (state.status === 'registered') requireSameId(command.data.sku, state.sku, 'sku');
  switch (command.type) {
    case 'RegisterProduct':
      return registerProduct(command.data, state);
    case 'ChangePrice':
      requirePositiveInteger(command.data.unitPrice, 'unitPrice');
      if (state.status === 'unregistered') throw notRegistered(command.data.sku);
      if (command.data.unitPrice === state.unitPrice) return [];
      return [
        {
          type: 'PriceChanged',
          data: {
            sku: state.sku,
            unitPrice: command.data.unitPrice,
            previousUnitPrice: state.unitPrice,
            currency: state.currency,
          },
        },
      ];
    case 'Restock':
      requirePositiveInteger(command.data.quantity, 'quantity', MAX_RESTOCK_QUANTITY);
      if (state.status === 'unregistered') throw notRegistered(command.data.sku);
      return [{ type: 'StockAdded', data: { sku: state.sku, quantity: command.data.quantity } }];
    case 'ReserveStock':
      return reserveStock(command.data, state);
    case 'ReleaseStock': {
      requireNonEmptyString(command.data.orderId, 'orderId');
      const quantity = state.status === 'registered' ? state.open.get(command.data.orderId) : undefined;
      if (quantity === undefined) return [];
      return [
        { type: 'StockReleased', data: { sku: command.data.sku, orderId: command.data.orderId, quantity } },
      ];
    }
    case 'CommitStock':
      return commitStock(command.data, state);
    case 'SetStockThreshold': {
      requireNonNegativeInteger(command.data.threshold, 'threshold');
      if (command.data.threshold > MAX_RESTOCK_QUANTITY)
        throw validationFailed(`threshold must be at most ${MAX_RESTOCK_QUANTITY}`, { field: 'threshold' });
      if (state.status === 'unregistered') throw notRegistered(command.data.sku);
      if ((state.lowStockThreshold ?? 0) === command.data.threshold) return [];
      return [{ type: 'StockThresholdSet', data: { sku: state.sku, threshold: command.data.threshold } }];
    }
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown inventory command', { field: 'type' });
    }
  }
}

const notRegistered = (sku: string) =>
  new OrderflowError('NOT_FOUND', `product ${sku} is not registered`, { sku });

function registerProduct(data: RegisterProduct['data'], state: InventoryState): InventoryEvent[] {
  const name = typeof data.name === 'string' ? data.name.trim() : data.name;
  requireNonEmptyString(name, 'name', MAX_PRODUCT_NAME_LENGTH);
  requirePositiveInteger(data.unitPrice, 'unitPrice');
  requireCurrency(data.currency, 'currency');
  requireNonNegativeInteger(data.initialStock, 'initialStock');
  if (state.status === 'registered') {
    throw new OrderflowError('ALREADY_EXISTS', `product ${data.sku} is registered already`, {
      sku: data.sku,
    });
  }
  const threshold = data.lowStockThreshold ?? 0;
  requireNonNegativeInteger(threshold, 'lowStockThreshold');
  const { sku, unitPrice, currency, initialStock } = data;
  const events: InventoryEvent[] = [{ type: 'ProductRegistered', data: { sku, name, unitPrice, currency } }];
  if (initialStock > 0) events.push({ type: 'StockAdded', data: { sku, quantity: initialStock } });
  if (threshold > 0) events.push({ type: 'StockThresholdSet', data: { sku, threshold } });
  return events;
}

function reserveStock(data: ReserveStock['data'], state: InventoryState): InventoryEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  requirePositiveInteger(data.quantity, 'quantity');
  const { sku, orderId, quantity } = data;
  if (state.settled.has(orderId)) return [];
  if (state.status === 'unregistered') {
    return [
      {
        type: 'StockReservationFailed',
        data: { sku, orderId, quantity, reason: 'UNKNOWN_PRODUCT', available: 0 },
      },
    ];
  }
  if (state.open.has(orderId)) return [];
  const available = availableStock(state);
  if (available >= quantity) return [{ type: 'StockReserved', data: { sku, orderId, quantity } }];
  return [
    {
      type: 'StockReservationFailed',
      data: { sku, orderId, quantity, reason: 'INSUFFICIENT_STOCK', available },
    },
  ];
}

function commitStock(data: CommitStock['data'], state: InventoryState): InventoryEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  const { sku, orderId } = data;
  const quantity = state.status === 'registered' ? state.open.get(orderId) : undefined;
  if (quantity !== undefined) return [{ type: 'StockCommitted', data: { sku, orderId, quantity } }];
  const settlement = state.settled.get(orderId);
  if (settlement === 'committed') return [];
  throw invalidState(`order ${orderId} has no open reservation of ${sku} to commit`, {
    sku,
    orderId,
    settlement: settlement ?? 'none',
  });
}
