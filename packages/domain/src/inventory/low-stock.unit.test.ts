import { test } from 'uvu';
import { deciderSpecification } from '@orderflow/core/testing';
import { inventoryDecider } from './index.ts';
import { added, registered, release, released, reserve, reserved } from './test-fixtures.ts';

const spec = deciderSpecification(inventoryDecider);
const sku = registered.data.sku;
const threshold = (n: number) => ({ type: 'StockThresholdSet' as const, data: { sku, threshold: n } });
const raised = (available: number, t = 5) => ({
  type: 'LowStockAlertRaised' as const,
  data: { sku, available, threshold: t },
});
const cleared = (available: number, t = 5) => ({
  type: 'LowStockAlertCleared' as const,
  data: { sku, available, threshold: t },
});

test('a reservation that takes available stock below the threshold raises the alert once', () => {
  spec
    .given([registered, added(10), threshold(5)])
    .when(reserve('o-1', 6))
    .then([reserved('o-1', 6), raised(4)]);
  spec
    .given([registered, added(10), threshold(5), reserved('o-1', 6), raised(4)])
    .when(reserve('o-2', 1))
    .then([reserved('o-2', 1)]);
});

test('a release or restock back to the threshold clears it; without a threshold nothing is raised', () => {
  const low = [registered, added(10), threshold(5), reserved('o-1', 6), raised(4)];
  spec
    .given(low)
    .when(release('o-1'))
    .then([released('o-1', 6), cleared(10)]);
  spec
    .given(low)
    .when({ type: 'Restock', data: { sku, quantity: 1 } })
    .then([added(1), cleared(5)]);
  spec
    .given([registered, added(10)])
    .when(reserve('o-1', 9))
    .then([reserved('o-1', 9)]);
});

test('setting a threshold above what is available raises at once; 0 clears', () => {
  spec
    .given([registered, added(3)])
    .when({ type: 'SetStockThreshold', data: { sku, threshold: 5 } })
    .then([threshold(5), raised(3)]);
  spec
    .given([registered, added(3), threshold(5), raised(3)])
    .when({ type: 'SetStockThreshold', data: { sku, threshold: 0 } })
    .then([threshold(0), cleared(3, 0)]);
  spec
    .given([registered, added(3), threshold(5), raised(3)])
    .when({ type: 'SetStockThreshold', data: { sku, threshold: 5 } })
    .thenNothing();
  spec
    .given([registered])
    .when({ type: 'SetStockThreshold', data: { sku, threshold: -1 } })
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([])
    .when({ type: 'SetStockThreshold', data: { sku, threshold: 5 } })
    .thenThrows('NOT_FOUND');
});

test('a product registered with a threshold above its initial stock starts with the alert raised', () => {
  spec
    .given([])
    .when({ type: 'RegisterProduct', data: { ...registered.data, initialStock: 2, lowStockThreshold: 5 } })
    .then([registered, added(2), threshold(5), raised(2)]);
});

test.run();
