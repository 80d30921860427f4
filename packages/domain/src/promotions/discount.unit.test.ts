import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { hasErrorCode } from '@orderflow/core';
import { distributeLargestRemainder, divideHalfEven, priceOrder, type CouponTerms } from './index.ts';

const percent = (code: string, bp: number, skus: string[] | null = null): CouponTerms => ({
  code,
  kind: 'PERCENT_OFF',
  value: bp,
  currency: null,
  skus,
});
const amount = (code: string, minor: number, skus: string[] | null = null): CouponTerms => ({
  code,
  kind: 'AMOUNT_OFF',
  value: minor,
  currency: 'GBP',
  skus,
});
const lines = [
  { sku: 'A', quantity: 2, unitPrice: 1250 },
  { sku: 'B', quantity: 1, unitPrice: 899 },
];

test('half-even rounding: ties go to the even neighbour', () => {
  assert.deepEqual(
    [25n, 35n, 26n, 24n, 15n].map((n) => divideHalfEven(n, 10n)),
    [2n, 4n, 3n, 2n, 2n],
  );
});

test('largest remainder: shares sum exactly and follow the weights', () => {
  assert.deepEqual(distributeLargestRemainder(10n, [1n, 1n, 1n]), [4n, 3n, 3n]);
  assert.deepEqual(distributeLargestRemainder(100n, [2500n, 899n]), [74n, 26n]);
  assert.deepEqual(distributeLargestRemainder(0n, [5n, 5n]), [0n, 0n]);
});

test('no coupon: subtotal = total, no discount', () => {
  const p = priceOrder(lines, 'GBP', []);
  assert.deepEqual([p.subtotal, p.discount, p.total], [3399, 0, 3399]);
  assert.deepEqual(
    p.lines.map((l) => l.discount),
    [0, 0],
  );
});

test('10 % of 3399 is 339.9 → 340, spread 250 + 90 by largest remainder', () => {
  const p = priceOrder(lines, 'GBP', [percent('TEN', 1000)]);
  assert.deepEqual([p.subtotal, p.discount, p.total], [3399, 340, 3059]);
  assert.deepEqual(
    p.lines.map((l) => l.discount),
    [250, 90],
  );
  assert.deepEqual(p.coupons, [{ code: 'TEN', discount: 340 }]);
});

test('percent-off applies before amount-off, whatever order the codes come in', () => {
  const a = priceOrder(lines, 'GBP', [amount('FIVER', 500), percent('TEN', 1000)]);
  const b = priceOrder(lines, 'GBP', [percent('TEN', 1000), amount('FIVER', 500)]);
  assert.deepEqual(a, b);
  // 10 % of 3399 = 340, then 500 off: 3399 − 840
  assert.equal(a.total, 2559);
  assert.deepEqual(a.coupons, [
    { code: 'TEN', discount: 340 },
    { code: 'FIVER', discount: 500 },
  ]);
  assert.equal(
    a.lines.reduce((s, l) => s + l.discount, 0),
    840,
  );
});

test('a SKU-bound coupon discounts only its lines', () => {
  const p = priceOrder(lines, 'GBP', [percent('BONLY', 5000, ['B'])]);
  // half of 899 = 449.5 → 450 (449 is odd, the tie goes to the even 450)
  assert.deepEqual(
    p.lines.map((l) => l.discount),
    [0, 450],
  );
  assert.equal(p.total, 3399 - 450);
});

test('an order never goes below 1 minor unit; 100 % off leaves 1', () => {
  assert.equal(priceOrder(lines, 'GBP', [amount('BIG', 1_000_000)]).total, 1);
  assert.equal(priceOrder(lines, 'GBP', [percent('ALL', 10_000)]).total, 1);
});

test('amounts near 2^53 stay exact', () => {
  const big = [{ sku: 'A', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER }];
  const p = priceOrder(big, 'GBP', [percent('TEN', 1000)]);
  assert.equal(BigInt(p.discount), divideHalfEven(BigInt(Number.MAX_SAFE_INTEGER) * 1000n, 10_000n));
  assert.equal(p.discount + p.total, Number.MAX_SAFE_INTEGER);
});

test('an amount-off coupon in another currency, or one discounting no line, is refused', () => {
  assert.throws(
    () => priceOrder(lines, 'EUR', [amount('FIVER', 500)]),
    (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED'),
  );
  assert.throws(
    () => priceOrder(lines, 'GBP', [percent('C', 100, ['C'])]),
    (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED'),
  );
});

test.run();
