import { test } from 'uvu';
import { deciderSpecification } from '@orderflow/core/testing';
import { inventoryDecider } from './index.ts';
import {
  added,
  commit,
  committed,
  failed,
  registered,
  release,
  released,
  reserve,
  reserved,
} from './test-fixtures.ts';

const spec = deciderSpecification(inventoryDecider);
const stocked = [registered, added(10)];

test('stock is reserved when enough is available', () => {
  spec
    .given(stocked)
    .when(reserve('o1', 10))
    .then([reserved('o1', 10)]);
});

test('a reservation beyond what is available fails with INSUFFICIENT_STOCK and the available count', () => {
  spec
    .given([...stocked, reserved('o1', 7)])
    .when(reserve('o2', 4))
    .then([failed('o2', 4, 'INSUFFICIENT_STOCK', 3)]);
});

test('released stock is available again; committed stock is gone', () => {
  spec
    .given([...stocked, reserved('o1', 7), released('o1', 7)])
    .when(reserve('o2', 10))
    .then([reserved('o2', 10)]);
  spec
    .given([...stocked, reserved('o1', 7), committed('o1', 7)])
    .when(reserve('o2', 4))
    .then([failed('o2', 4, 'INSUFFICIENT_STOCK', 3)]);
});

test('reserving on an unregistered SKU fails with UNKNOWN_PRODUCT and available 0', () => {
  spec
    .given([])
    .when(reserve('o1', 1))
    .then([failed('o1', 1, 'UNKNOWN_PRODUCT', 0)]);
});

test('a reservation quantity is a positive integer', () => {
  for (const bad of [0, -1, 1.5]) {
    spec.given(stocked).when(reserve('o1', bad)).thenThrows('VALIDATION_FAILED');
  }
  spec.given(stocked).when(reserve('', 1)).thenThrows('VALIDATION_FAILED');
});

test('reserving is idempotent per order, whatever became of the first reservation', () => {
  spec
    .given([...stocked, reserved('o1', 2)])
    .when(reserve('o1', 2))
    .thenNothing();
  spec
    .given([...stocked, reserved('o1', 2), released('o1', 2)])
    .when(reserve('o1', 2))
    .thenNothing();
  spec
    .given([...stocked, reserved('o1', 2), committed('o1', 2)])
    .when(reserve('o1', 2))
    .thenNothing();
  spec
    .given([...stocked, failed('o1', 20, 'INSUFFICIENT_STOCK', 10)])
    .when(reserve('o1', 20))
    .thenNothing();
  spec
    .given([failed('o1', 1, 'UNKNOWN_PRODUCT', 0)])
    .when(reserve('o1', 1))
    .thenNothing();
  spec
    .given([failed('o1', 1, 'UNKNOWN_PRODUCT', 0), ...stocked])
    .when(reserve('o1', 1))
    .thenNothing();
});

test('releasing an open reservation gives back its quantity', () => {
  spec
    .given([...stocked, reserved('o1', 4)])
    .when(release('o1'))
    .then([released('o1', 4)]);
});

test('releasing without an open reservation changes nothing', () => {
  spec.given(stocked).when(release('o1')).thenNothing();
  spec.given([]).when(release('o1')).thenNothing();
  spec
    .given([...stocked, reserved('o1', 4), released('o1', 4)])
    .when(release('o1'))
    .thenNothing();
  spec
    .given([...stocked, reserved('o1', 4), committed('o1', 4)])
    .when(release('o1'))
    .thenNothing();
  spec
    .given([...stocked, failed('o1', 20, 'INSUFFICIENT_STOCK', 10)])
    .when(release('o1'))
    .thenNothing();
});

test('committing an open reservation takes its quantity out of stock', () => {
  spec
    .given([...stocked, reserved('o1', 4)])
    .when(commit('o1'))
    .then([committed('o1', 4)]);
});

test('committing a committed reservation again changes nothing', () => {
  spec
    .given([...stocked, reserved('o1', 4), committed('o1', 4)])
    .when(commit('o1'))
    .thenNothing();
});

test('committing without an open reservation fails with INVALID_STATE', () => {
  spec.given(stocked).when(commit('o1')).thenThrows('INVALID_STATE');
  spec.given([]).when(commit('o1')).thenThrows('INVALID_STATE');
  spec
    .given([...stocked, reserved('o1', 4), released('o1', 4)])
    .when(commit('o1'))
    .thenThrows('INVALID_STATE');
  spec
    .given([...stocked, failed('o1', 20, 'INSUFFICIENT_STOCK', 10)])
    .when(commit('o1'))
    .thenThrows('INVALID_STATE');
});

test.run();
