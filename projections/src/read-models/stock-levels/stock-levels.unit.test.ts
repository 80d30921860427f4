import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { evolveProductRow, type ProductRow, type StockLevelsEvent } from './row.ts';

const spec = evolveSpecification<ProductRow | null, StockLevelsEvent>(evolveProductRow, null);
const sku = 'MUG';
const registered: StockLevelsEvent = {
  type: 'ProductRegistered',
  data: { sku, name: 'Mug', unitPrice: 500, currency: 'EUR' },
};
const added = (quantity: number): StockLevelsEvent => ({ type: 'StockAdded', data: { sku, quantity } });
const reserved = (quantity: number): StockLevelsEvent => ({
  type: 'StockReserved',
  data: { sku, orderId: 'o-1', quantity },
});
const released = (quantity: number): StockLevelsEvent => ({
  type: 'StockReleased',
  data: { sku, orderId: 'o-1', quantity },
});
const committed = (quantity: number): StockLevelsEvent => ({
  type: 'StockCommitted',
  data: { sku, orderId: 'o-1', quantity },
});

test('ProductRegistered makes a row with nothing in stock; a repeat changes nothing', () => {
  spec
    .given([])
    .when(registered)
    .then({ sku, name: 'Mug', unitPrice: 500, currency: 'EUR', onHand: 0, reserved: 0, sold: 0 });
  spec.given([registered]).when(registered).thenUnchanged();
});

test('PriceChanged sets the unit price', () => {
  spec
    .given([registered])
    .when({ type: 'PriceChanged', data: { sku, unitPrice: 650, previousUnitPrice: 500, currency: 'EUR' } })
    .then({ unitPrice: 650 });
});

test('StockAdded adds on hand; StockReserved and StockReleased move reserved units', () => {
  spec.given([registered]).when(added(10)).then({ onHand: 10, reserved: 0 });
  spec
    .given([registered, added(10)])
    .when(reserved(3))
    .then({ onHand: 10, reserved: 3 });
  spec
    .given([registered, added(10), reserved(3)])
    .when(released(3))
    .then({ onHand: 10, reserved: 0 });
});

test('StockCommitted takes the units out of on hand and reserved, and counts them sold', () => {
  spec
    .given([registered, added(10), reserved(4)])
    .when(committed(4))
    .then({ onHand: 6, reserved: 0, sold: 4 });
});

test('stock events of an unregistered SKU are ignored', () => {
  spec.given([]).when(added(10)).then(null);
  spec
    .given([added(10)])
    .when(committed(1))
    .then(null);
});

test.run();
