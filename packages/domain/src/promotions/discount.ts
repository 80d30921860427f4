import { validationFailed } from '@orderflow/core';
import type { CouponTerms } from './coupon.ts';

/** An order line with its catalog price: `unitPrice` minor units each. */
export interface PricedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** A priced line with the minor units its coupons take off its amount (quantity·unitPrice). */
export interface DiscountedLine extends PricedLine {
  readonly discount: number;
}

/** One coupon applied to an order and the minor units it took off. */
export interface AppliedCoupon {
  readonly code: string;
  readonly discount: number;
}

/**
 * An order priced with its coupons, minor units of its currency: `subtotal` = Σ quantity·unitPrice,
 * `discount` = Σ line discounts = Σ coupon discounts, `total` = subtotal − discount (≥ 1).
 */
export interface OrderPricing {
  readonly subtotal: number;
  readonly discount: number;
  readonly total: number;
  readonly lines: readonly DiscountedLine[];
  readonly coupons: readonly AppliedCoupon[];
}

const BASIS_POINTS = 10_000n;

/** `numerator / denominator` rounded half to even (banker's rounding), both non-negative. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * Splits `amount` over `weights` in proportion, in whole units, by the largest-remainder
 * (Hamilton) method: each share is floored, and the units left go one each to the shares with
 * the largest remainders (earlier index first on ties). The shares sum to `amount` exactly and
 * none exceeds its weight when amount ≤ Σ weights.
 */
export function distributeLargestRemainder(amount: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (amount * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (amount * w) % sum }));
  let left = amount - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * Prices an order's lines with its coupons. Pure and deterministic.
 *
 * Order of application: every PERCENT_OFF coupon first, then every AMOUNT_OFF coupon, each group
 * in code order; each coupon works on what earlier ones left of its eligible lines (its `skus`,
 * or every line). So an amount-off coupon always saves its full amount (when the lines cover it)
 * whatever it is combined with, and a percentage is taken of catalog prices, never of a price an
 * amount-off coupon already lowered — the customer-friendlier order, and the one most shops use.
 * - PERCENT_OFF: the eligible remainder × value / 10,000, rounded half to even in minor units;
 * - AMOUNT_OFF: min(value, the eligible remainder);
 * - a coupon never takes the order below 1 minor unit (payment providers refuse zero amounts);
 * - each coupon's discount is spread over its eligible lines by largest remainder
 *   ({@link distributeLargestRemainder}), so line discounts sum exactly to the order discount.
 * Exact in BigInt: amounts up to 2^53 − 1 minor units.
 *
 * @param currency the order's currency (ISO 4217).
 * @throws OrderflowError VALIDATION_FAILED (`field: couponCodes`) for an AMOUNT_OFF coupon in
 *   another currency or one that discounts no line of the order (check applicability first).
 */
export function priceOrder(
  lines: readonly PricedLine[],
  currency: string,
  coupons: readonly CouponTerms[],
): OrderPricing {
  const amounts = lines.map((l) => BigInt(l.quantity) * BigInt(l.unitPrice));
  const subtotal = amounts.reduce((a, b) => a + b, 0n);
  const remaining = [...amounts];
  const lineDiscounts = lines.map(() => 0n);
  const ordered = [...coupons].sort((a, b) =>
    a.kind === b.kind ? (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) : a.kind === 'PERCENT_OFF' ? -1 : 1,
  );
  const applied: AppliedCoupon[] = [];
  let orderLeft = subtotal;
  for (const coupon of ordered) {
    if (coupon.kind === 'AMOUNT_OFF' && coupon.currency !== currency) {
      throw validationFailed(`coupon ${coupon.code} is in ${coupon.currency}, the order in ${currency}`, {
        field: 'couponCodes',
      });
    }
    const eligible = lines.map((l) => coupon.skus === null || coupon.skus.includes(l.sku));
    if (!eligible.includes(true)) {
      throw validationFailed(`coupon ${coupon.code} applies to none of the order's SKUs`, {
        field: 'couponCodes',
      });
    }
    const weights = remaining.map((r, i) => (eligible[i] ? r : 0n));
    const base = weights.reduce((a, b) => a + b, 0n);
    let discount =
      coupon.kind === 'PERCENT_OFF'
        ? divideHalfEven(base * BigInt(coupon.value), BASIS_POINTS)
        : BigInt(coupon.value);
    if (discount > base) discount = base;
    if (discount > orderLeft - 1n) discount = orderLeft - 1n > 0n ? orderLeft - 1n : 0n;
    const shares = distributeLargestRemainder(discount, weights);
    shares.forEach((share, i) => {
      remaining[i]! -= share;
      lineDiscounts[i]! += share;
    });
    orderLeft -= discount;
    applied.push({ code: coupon.code, discount: Number(discount) });
  }
  const discount = subtotal - orderLeft;
  return {
    subtotal: Number(subtotal),
    discount: Number(discount),
    total: Number(orderLeft),
    lines: lines.map((l, i) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: Number(lineDiscounts[i]),
    })),
    coupons: applied,
  };
}
