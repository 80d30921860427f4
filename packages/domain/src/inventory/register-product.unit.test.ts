import { test } from 'uvu';
import { deciderSpecification } from '@orderflow/core/testing';
import { inventoryDecider, type RegisterProduct } from './index.ts';
import { added, register, registered, restock, sku } from './test-fixtures.ts';

const spec = deciderSpecification(inventoryDecider);

const registerWith = (patch: Record<string, unknown>): RegisterProduct =>
  ({ type: 'RegisterProduct', data: { ...register.data, ...patch } }) as RegisterProduct;

test('registering a product records it and its initial stock', () => {
  spec
    .given([])
    .when(register)
    .then([registered, added(10)]);
});

test('registering a product without initial stock adds no stock', () => {
  spec
    .given([])
    .when(registerWith({ initialStock: 0 }))
    .then([registered]);
});

test('the product name is stored trimmed', () => {
  spec
    .given([])
    .when(registerWith({ name: '  Blue mug ', initialStock: 0 }))
    .then([registered]);
});

test('registering a registered product fails with ALREADY_EXISTS', () => {
  spec.given([registered]).when(register).thenThrows('ALREADY_EXISTS');
});

test('a product needs a valid SKU', () => {
  for (const bad of ['', 'MUG BLUE', 'x'.repeat(65), 'MUG#1']) {
    spec
      .given([])
      .when(registerWith({ sku: bad }))
      .thenThrows('VALIDATION_FAILED');
  }
});

test('a product name is 1 to 200 characters after trimming', () => {
  spec
    .given([])
    .when(registerWith({ name: '   ' }))
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([])
    .when(registerWith({ name: 'n'.repeat(201) }))
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([])
    .when(registerWith({ name: ` ${'n'.repeat(200)} `, initialStock: 0 }))
    .then([{ type: 'ProductRegistered', data: { ...registered.data, name: 'n'.repeat(200) } }]);
});

test('unitPrice is a positive integer in minor units', () => {
  for (const bad of [0, -1, 12.5, Number.NaN]) {
    spec
      .given([])
      .when(registerWith({ unitPrice: bad }))
      .thenThrows('VALIDATION_FAILED');
  }
});

test('currency is three upper-case letters', () => {
  spec
    .given([])
    .when(registerWith({ currency: 'eur' }))
    .thenThrows('VALIDATION_FAILED');
});

test('initialStock is an integer of at least 0', () => {
  spec
    .given([])
    .when(registerWith({ initialStock: -1 }))
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([])
    .when(registerWith({ initialStock: 2.5 }))
    .thenThrows('VALIDATION_FAILED');
});

test('restocking a registered product adds stock', () => {
  spec
    .given([registered])
    .when(restock(5))
    .then([added(5)]);
  spec
    .given([registered])
    .when(restock(10_000_000))
    .then([added(10_000_000)]);
});

test('a restock quantity is a positive integer of at most 10,000,000', () => {
  for (const bad of [0, -3, 1.5, 10_000_001]) {
    spec.given([registered]).when(restock(bad)).thenThrows('VALIDATION_FAILED');
  }
});

test('restocking an unregistered product fails with NOT_FOUND', () => {
  spec.given([]).when(restock(5)).thenThrows('NOT_FOUND');
});

test('a command for another SKU fails validation', () => {
  spec
    .given([registered])
    .when({ type: 'Restock', data: { sku: `${sku}-2`, quantity: 1 } })
    .thenThrows('VALIDATION_FAILED');
});

test.run();
