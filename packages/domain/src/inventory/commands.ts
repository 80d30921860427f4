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

/** Every command of the inventory decider. */
export type InventoryCommand =
  RegisterProduct | ChangePrice | Restock | ReserveStock | ReleaseStock | CommitStock;

/**
 * Decides what an inventory command does to one SKU's stock. Pure; never mutates `state`.
 * - RegisterProduct → [ProductRegistered] (+ [StockAdded] when initialStock > 0);
 * - ChangePrice → [PriceChanged]; the current price again → [];
 * - Restock → [StockAdded];
 * - ReserveStock: orderId already open or settled → []; unregistered SKU →
 *   [StockReservationFailed UNKNOWN_PRODUCT, available 0]; enough available → [StockReserved];
 *   otherwise [StockReservationFailed INSUFFICIENT_STOCK with the current available];
 * - ReleaseStock: open reservation → [StockReleased with its quantity]; otherwise [];
 * - CommitStock: open reservation → [StockCommitted]; already committed → [].
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field`), including a `sku`
 *   that differs from the registered stream's; ALREADY_EXISTS for RegisterProduct on a
 *   registered SKU; NOT_FOUND for Restock or ChangePrice of an unregistered SKU; INVALID_STATE for CommitStock
 *   without an open or committed reservation.
 */
export function decide(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
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
  const { sku, unitPrice, currency, initialStock } = data;
  const events: InventoryEvent[] = [{ type: 'ProductRegistered', data: { sku, name, unitPrice, currency } }];
  if (initialStock > 0) events.push({ type: 'StockAdded', data: { sku, quantity: initialStock } });
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
