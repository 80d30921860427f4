import { validationFailed } from '@orderflow/core';
import {
  requireCurrency,
  requireIsoTimestamp,
  requirePositiveInteger,
  requireSku,
} from '../shared/validation.ts';

/** A coupon code: 3–32 of upper-case letters, digits, `_` and `-`, starting with a letter or digit. */
export const COUPON_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;
/** Largest PERCENT_OFF value: 10,000 basis points = 100 %. */
export const MAX_PERCENT_OFF_BASIS_POINTS = 10_000;
/** Longest SKU or customer allow-list of one coupon. */
export const MAX_COUPON_ALLOW_LIST = 10_000;

/**
 * How a coupon discounts: `AMOUNT_OFF` takes `value` minor units of the coupon's currency off the
 * eligible lines; `PERCENT_OFF` takes `value` basis points (1/100 of a percent, 1..10,000) off them.
 */
export type CouponKind = 'AMOUNT_OFF' | 'PERCENT_OFF';

/**
 * When a coupon applies to an order. Each field null = no condition.
 * - `minimumSubtotal`: the order's subtotal (before any discount, minor units of the coupon's
 *   currency or the order's currency for PERCENT_OFF coupons without one) must be at least this;
 * - `customers`: only these customer ids may use it (single-use codes sent to one customer);
 * - `validFrom`/`validUntil`: ISO-8601; the order's `placedAt` must be in [validFrom, validUntil).
 */
export type CouponConditions = {
  readonly minimumSubtotal: number | null;
  readonly customers: readonly string[] | null;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
};

/**
 * How often a coupon may be used. `totalRedemptions`: orders that may hold it (reserved or
 * redeemed) at once, null = unlimited; `perCustomer`: the same for one customer, null =
 * unlimited; `stackable`: whether it may be combined with other codes on one order.
 */
export type CouponLimits = {
  readonly totalRedemptions: number | null;
  readonly perCustomer: number | null;
  readonly stackable: boolean;
};

/** What an order needs to know of a coupon to price itself: its code and its discount. */
export type CouponTerms = {
  readonly code: string;
  readonly kind: CouponKind;
  readonly value: number;
  /** ISO 4217; required for AMOUNT_OFF, null for a PERCENT_OFF coupon valid in any currency. */
  readonly currency: string | null;
  /**
   * The SKUs whose lines it discounts, null = every line; an order with none of them cannot use
   * the coupon (NOT_APPLICABLE).
   */
  readonly skus: readonly string[] | null;
};

/** A coupon's complete definition, as `CouponDefined` records it. */
export type CouponDefinition = CouponTerms & {
  readonly conditions: CouponConditions;
  readonly limits: CouponLimits;
};

/** @throws OrderflowError VALIDATION_FAILED unless `code` matches {@link COUPON_CODE_PATTERN}. */
export function requireCouponCode(code: unknown, field: string): asserts code is string {
  if (typeof code !== 'string' || !COUPON_CODE_PATTERN.test(code)) {
    throw validationFailed(`${field} must be 3–32 upper-case letters, digits, "_" or "-" (e.g. SPRING10)`, {
      field,
    });
  }
}

function requireAllowList(list: unknown, field: string, check: (v: unknown, f: string) => void): void {
  if (list === null) return;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_COUPON_ALLOW_LIST) {
    throw validationFailed(`${field} must be null or hold 1 to ${MAX_COUPON_ALLOW_LIST} entries`, { field });
  }
  list.forEach((v, i) => check(v, `${field}[${i}]`));
}

function requireCustomerId(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100 || value.trim() !== value) {
    throw validationFailed(`${field} must be a customer id (1–100 characters, no surrounding spaces)`, {
      field,
    });
  }
}

/**
 * Checks a coupon definition: code pattern; AMOUNT_OFF `value` a positive safe integer (minor
 * units) with a `currency`; PERCENT_OFF `value` an integer in 1..10,000 (basis points), currency
 * optional; allow-lists null or 1..10,000 valid SKUs/customer ids; `minimumSubtotal` null or a
 * positive integer; validity bounds ISO-8601 with `validFrom` < `validUntil`; limits null or
 * positive integers.
 * @throws OrderflowError VALIDATION_FAILED with `details.field` naming the offending field.
 */
export function validateCouponDefinition(d: CouponDefinition): void {
  requireCouponCode(d.code, 'code');
  if (d.kind === 'AMOUNT_OFF') {
    requirePositiveInteger(d.value, 'value');
    requireCurrency(d.currency, 'currency');
  } else if (d.kind === 'PERCENT_OFF') {
    requirePositiveInteger(d.value, 'value', MAX_PERCENT_OFF_BASIS_POINTS);
    if (d.currency !== null) requireCurrency(d.currency, 'currency');
  } else {
    throw validationFailed('kind must be AMOUNT_OFF or PERCENT_OFF', { field: 'kind' });
  }
  requireAllowList(d.skus, 'skus', requireSku);
  const c = d.conditions;
  if (typeof c !== 'object' || c === null)
    throw validationFailed('conditions are required', { field: 'conditions' });
  if (c.minimumSubtotal !== null) requirePositiveInteger(c.minimumSubtotal, 'conditions.minimumSubtotal');
  requireAllowList(c.customers, 'conditions.customers', requireCustomerId);
  if (c.validFrom !== null) requireIsoTimestamp(c.validFrom, 'conditions.validFrom');
  if (c.validUntil !== null) requireIsoTimestamp(c.validUntil, 'conditions.validUntil');
  if (c.validFrom !== null && c.validUntil !== null && Date.parse(c.validFrom) >= Date.parse(c.validUntil)) {
    throw validationFailed('validFrom must be before validUntil', { field: 'conditions.validUntil' });
  }
  const l = d.limits;
  if (typeof l !== 'object' || l === null) throw validationFailed('limits are required', { field: 'limits' });
  if (l.totalRedemptions !== null) requirePositiveInteger(l.totalRedemptions, 'limits.totalRedemptions');
  if (l.perCustomer !== null) requirePositiveInteger(l.perCustomer, 'limits.perCustomer');
  if (typeof l.stackable !== 'boolean')
    throw validationFailed('limits.stackable must be a boolean', { field: 'limits.stackable' });
}
