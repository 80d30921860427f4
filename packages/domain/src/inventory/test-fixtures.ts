import type { CommitStock, RegisterProduct, ReleaseStock, ReserveStock, Restock } from './commands.ts';
import type {
  ProductRegistered,
  StockAdded,
  StockCommitted,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from './events.ts';

/** Test data shared by the inventory unit tests (not exported from the package). */
export const sku = 'MUG-BLUE';

export const register: RegisterProduct = {
  type: 'RegisterProduct',
  data: { sku, name: 'Blue mug', unitPrice: 1250, currency: 'EUR', initialStock: 10 },
};
export const registered: ProductRegistered = {
  type: 'ProductRegistered',
  data: { sku, name: 'Blue mug', unitPrice: 1250, currency: 'EUR' },
};

export const restock = (quantity: number): Restock => ({ type: 'Restock', data: { sku, quantity } });
export const added = (quantity: number): StockAdded => ({ type: 'StockAdded', data: { sku, quantity } });

export const reserve = (orderId: string, quantity: number): ReserveStock => ({
  type: 'ReserveStock',
  data: { sku, orderId, quantity },
});
export const reserved = (orderId: string, quantity: number): StockReserved => ({
  type: 'StockReserved',
  data: { sku, orderId, quantity },
});
export const failed = (
  orderId: string,
  quantity: number,
  reason: StockReservationFailed['data']['reason'],
  available: number,
): StockReservationFailed => ({
  type: 'StockReservationFailed',
  data: { sku, orderId, quantity, reason, available },
});

export const release = (orderId: string): ReleaseStock => ({ type: 'ReleaseStock', data: { sku, orderId } });
export const released = (orderId: string, quantity: number): StockReleased => ({
  type: 'StockReleased',
  data: { sku, orderId, quantity },
});

export const commit = (orderId: string): CommitStock => ({ type: 'CommitStock', data: { sku, orderId } });
export const committed = (orderId: string, quantity: number): StockCommitted => ({
  type: 'StockCommitted',
  data: { sku, orderId, quantity },
});
