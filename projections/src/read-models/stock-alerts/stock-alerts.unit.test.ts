import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { evolveStockAlert, type StockAlertRow, type StockAlertsEvent } from './row.ts';

const spec = evolveSpecification<StockAlertRow | null, StockAlertsEvent>(evolveStockAlert, null);
const sku = 'MUG';
const set = (threshold: number): StockAlertsEvent => ({
  type: 'StockThresholdSet',
  data: { sku, threshold },
});
const raised: StockAlertsEvent = { type: 'LowStockAlertRaised', data: { sku, available: 3, threshold: 5 } };
const cleared: StockAlertsEvent = { type: 'LowStockAlertCleared', data: { sku, available: 9, threshold: 5 } };

test('a threshold creates the row, not low', () => {
  spec.given([]).when(set(5)).then({ sku, threshold: 5, low: false, available: 0 });
});

test('an alert raised makes the SKU low with what was available; cleared, no longer low', () => {
  spec
    .given([set(5)])
    .when(raised)
    .then({ low: true, available: 3, threshold: 5 });
  spec
    .given([set(5), raised])
    .when(cleared)
    .then({ low: false, available: 9 });
});

test('a new threshold keeps the alert as it is (the decider raises or clears it in the same append)', () => {
  spec
    .given([set(5), raised])
    .when(set(2))
    .then({ threshold: 2, low: true });
});

test.run();
