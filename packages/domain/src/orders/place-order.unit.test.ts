import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { hasErrorCode } from '@orderflow/core';
import { deciderSpecification } from '@orderflow/core/testing';
import { orderDecider, validatePlaceOrder } from './index.ts';
import { confirmed, created, cancelled, place, placeWith } from './test-fixtures.ts';

const spec = deciderSpecification(orderDecider);

/** Asserts that validatePlaceOrder rejects `patch` with VALIDATION_FAILED on `field`. */
function rejects(patch: Record<string, unknown>, field: string) {
  const command = placeWith(patch);
  assert.throws(
    () => validatePlaceOrder(command.data),
    (error: unknown) => hasErrorCode(error, 'VALIDATION_FAILED') && error.details.field === field,
  );
  spec.given([]).when(command).thenThrows('VALIDATION_FAILED');
}

const line = (sku: string, quantity = 1, unitPrice = 100) => ({ sku, quantity, unitPrice });

test('placing an order creates it with the total in minor units', () => {
  spec.given([]).when(place).then([created]);
});

test('validatePlaceOrder returns the total', () => {
  assert.equal(validatePlaceOrder(place.data), 3399);
});

test('extra line properties do not reach the event', () => {
  const lines = [{ ...line('A'), note: 'x' }];
  spec
    .given([])
    .when(placeWith({ lines }))
    .then([
      {
        type: 'OrderCreated',
        data: { ...created.data, lines: [{ ...line('A'), discount: 0 }], subtotal: 100, total: 100 },
      },
    ]);
});

test('coupons price the order: subtotal, discount per line and in total, the codes applied', () => {
  const ten = { code: 'SPRING10', kind: 'PERCENT_OFF' as const, value: 1000, currency: null, skus: null };
  spec
    .given([])
    .when(placeWith({ coupons: [ten] }))
    .then([
      {
        type: 'OrderCreated',
        data: {
          ...created.data,
          lines: [
            { sku: 'MUG-BLUE', quantity: 2, unitPrice: 1250, discount: 250 },
            { sku: 'tea_earl.grey', quantity: 1, unitPrice: 899, discount: 90 },
          ],
          subtotal: 3399,
          discount: 340,
          coupons: [{ code: 'SPRING10', discount: 340 }],
          total: 3059,
        },
      },
    ]);
  spec
    .given([])
    .when(placeWith({ coupons: [ten, ten] }))
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([])
    .when(placeWith({ coupons: [{ ...ten, code: 'x' }] }))
    .thenThrows('VALIDATION_FAILED');
});

test('shippingCountry is optional: absent or null is stored as null', () => {
  spec
    .given([])
    .when(placeWith({ shippingCountry: undefined }))
    .then([{ type: 'OrderCreated', data: { ...created.data, shippingCountry: null } }]);
  spec
    .given([])
    .when(placeWith({ shippingCountry: null }))
    .then([{ type: 'OrderCreated', data: { ...created.data, shippingCountry: null } }]);
});

test('a shippingCountry that is blank, padded, too long or not a string is rejected', () => {
  for (const bad of ['', '  ', ' Ireland', 'x'.repeat(61), 42])
    rejects({ shippingCountry: bad }, 'shippingCountry');
});

test('placing an order twice fails with ALREADY_EXISTS, whatever state it is in', () => {
  spec.given([created]).when(place).thenThrows('ALREADY_EXISTS');
  spec.given([created, confirmed]).when(place).thenThrows('ALREADY_EXISTS');
  spec.given([created, cancelled]).when(place).thenThrows('ALREADY_EXISTS');
});

test('orderId must be non-empty', () => {
  rejects({ orderId: '' }, 'orderId');
  rejects({ orderId: '   ' }, 'orderId');
});

test('customerId must be non-empty, trimmed and at most 100 characters', () => {
  rejects({ customerId: '' }, 'customerId');
  rejects({ customerId: ' customer-7' }, 'customerId');
  rejects({ customerId: 'customer-7 ' }, 'customerId');
  rejects({ customerId: 'c'.repeat(101) }, 'customerId');
  assert.doesNotThrow(() => validatePlaceOrder(placeWith({ customerId: 'c'.repeat(100) }).data));
});

test('an order needs 1 to 500 lines', () => {
  rejects({ lines: [] }, 'lines');
  rejects({ lines: undefined }, 'lines');
  rejects({ lines: Array.from({ length: 501 }, (_, i) => line(`SKU-${i}`)) }, 'lines');
  assert.doesNotThrow(() =>
    validatePlaceOrder(placeWith({ lines: Array.from({ length: 500 }, (_, i) => line(`SKU-${i}`)) }).data),
  );
});

test('a SKU is 1-64 letters, digits, underscore, dash or dot; no spaces', () => {
  rejects({ lines: [line('A'), line('')] }, 'lines[1].sku');
  rejects({ lines: [line('A'), line('B'), line('MUG BLUE')] }, 'lines[2].sku');
  rejects({ lines: [line('x'.repeat(65))] }, 'lines[0].sku');
  rejects({ lines: [line('MUG/BLUE')] }, 'lines[0].sku');
  rejects({ lines: [line('MÜG')] }, 'lines[0].sku');
  assert.doesNotThrow(() =>
    validatePlaceOrder(placeWith({ lines: [line('Ab_9-.x'), line('x'.repeat(64))] }).data),
  );
});

test('quantity is a positive integer of at most 1,000,000', () => {
  rejects({ lines: [line('A', 0)] }, 'lines[0].quantity');
  rejects({ lines: [line('A', -1)] }, 'lines[0].quantity');
  rejects({ lines: [line('A'), line('B', 1.5)] }, 'lines[1].quantity');
  rejects({ lines: [line('A', 1_000_001)] }, 'lines[0].quantity');
  rejects({ lines: [line('A', Number.NaN)] }, 'lines[0].quantity');
  assert.doesNotThrow(() => validatePlaceOrder(placeWith({ lines: [line('A', 1_000_000)] }).data));
});

test('unitPrice is a positive safe integer in minor units', () => {
  rejects({ lines: [line('A', 1, 0)] }, 'lines[0].unitPrice');
  rejects({ lines: [line('A', 1, -5)] }, 'lines[0].unitPrice');
  rejects({ lines: [line('A', 1, 12.5)] }, 'lines[0].unitPrice');
  rejects({ lines: [line('A', 1, Number.MAX_SAFE_INTEGER + 1)] }, 'lines[0].unitPrice');
  rejects({ lines: [line('A', 1, '100' as unknown as number)] }, 'lines[0].unitPrice');
});

test('a SKU may appear on one line only', () => {
  rejects({ lines: [line('A'), line('B'), line('A')] }, 'lines[2].sku');
});

test('currency is three upper-case letters', () => {
  rejects({ currency: 'eur' }, 'currency');
  rejects({ currency: 'EURO' }, 'currency');
  rejects({ currency: '' }, 'currency');
});

test('placedAt is an ISO-8601 date-time', () => {
  rejects({ placedAt: 'yesterday' }, 'placedAt');
  rejects({ placedAt: '2025-01-31' }, 'placedAt');
  assert.doesNotThrow(() => validatePlaceOrder(placeWith({ placedAt: '2025-01-31T13:00:00+01:00' }).data));
});

test('the total must be a safe integer', () => {
  const big = Math.floor(Number.MAX_SAFE_INTEGER / 2) + 1;
  rejects({ lines: [line('A', 1, big), line('B', 1, big)] }, 'total');
  rejects({ lines: [line('A', 1_000_000, 2 ** 40)] }, 'total');
  const exact = Number.MAX_SAFE_INTEGER - 1;
  assert.equal(
    validatePlaceOrder(placeWith({ lines: [line('A', 1, exact), line('B', 1, 1)] }).data),
    Number.MAX_SAFE_INTEGER,
  );
});

test.run();

test('an imported order keeps its business time placedAt and when it was received', () => {
  const receivedAt = '2026-12-06T21:00:00.000Z';
  spec
    .given([])
    .when(placeWith({ placedAt: '2010-12-01T08:26:00.000Z', receivedAt }))
    .then([
      { type: 'OrderCreated', data: { ...created.data, placedAt: '2010-12-01T08:26:00.000Z', receivedAt } },
    ]);
});

test('placedAt later than receivedAt (beyond 60 s of clock skew) is in the future', () => {
  const receivedAt = '2026-12-06T21:00:00.000Z';
  rejects({ placedAt: '2026-12-06T21:01:00.001Z', receivedAt }, 'placedAt');
  rejects({ receivedAt: 'yesterday' }, 'receivedAt');
  assert.doesNotThrow(() =>
    validatePlaceOrder(placeWith({ placedAt: '2026-12-06T21:01:00.000Z', receivedAt }).data),
  );
});
