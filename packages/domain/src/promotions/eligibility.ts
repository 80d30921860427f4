import type { CouponDefinition } from './coupon.ts';
import type { CouponState, CouponRefusalReason } from './events.ts';

/** What a coupon's conditions and limits are checked against: the order asking for it. */
export type CouponRequest = {
  readonly orderId: string;
  readonly customerId: string;
  /** The order's currency, ISO 4217. */
  readonly currency: string;
  /** The order's subtotal before any discount, minor units of `currency`. */
  readonly subtotal: number;
  /** The SKUs of the order's lines. */
  readonly skus: readonly string[];
  /** Every coupon code of the order, this one included. */
  readonly codes: readonly string[];
  /** When the order was placed, ISO-8601: the validity window is checked against it. */
  readonly placedAt: string;
};

/**
 * Why a coupon of `definition` (disabled or not) cannot be used by `request`, on what does not
 * depend on other orders, or null: DISABLED, EXPIRED (placed outside [validFrom, validUntil)),
 * NOT_APPLICABLE (customer not allowed, AMOUNT_OFF in another currency, PERCENT_OFF bound to
 * another currency, no eligible SKU, subtotal below the minimum), NOT_STACKABLE (combined with
 * other codes), in that order. The API checks this before an order is placed.
 */
export function couponConditionRefusal(
  definition: CouponDefinition,
  disabled: boolean,
  request: CouponRequest,
): CouponRefusalReason | null {
  if (disabled) return 'DISABLED';
  const { conditions, limits, ...terms } = definition;
  const placedAt = Date.parse(request.placedAt);
  if (conditions.validFrom !== null && placedAt < Date.parse(conditions.validFrom)) return 'EXPIRED';
  if (conditions.validUntil !== null && placedAt >= Date.parse(conditions.validUntil)) return 'EXPIRED';
  if (conditions.customers !== null && !conditions.customers.includes(request.customerId))
    return 'NOT_APPLICABLE';
  if (terms.currency !== null && terms.currency !== request.currency) return 'NOT_APPLICABLE';
  if (terms.skus !== null && !request.skus.some((sku) => terms.skus!.includes(sku))) return 'NOT_APPLICABLE';
  if (conditions.minimumSubtotal !== null && request.subtotal < conditions.minimumSubtotal)
    return 'NOT_APPLICABLE';
  if (!limits.stackable && request.codes.some((c) => c !== terms.code)) return 'NOT_STACKABLE';
  return null;
}

/**
 * Why `state`'s coupon cannot be reserved for `request`, or null when it can: UNKNOWN_COUPON,
 * then {@link couponConditionRefusal}, then the limits — ALREADY_USED_BY_CUSTOMER (the
 * customer's open + redeemed uses reached `perCustomer`), EXHAUSTED (open + redeemed uses reached
 * `totalRedemptions`). Does not look at whether `orderId` holds it already: the decider handles
 * repeats.
 */
export function couponRefusal(state: CouponState, request: CouponRequest): CouponRefusalReason | null {
  if (state.status === 'undefined') return 'UNKNOWN_COUPON';
  const condition = couponConditionRefusal(state.definition, state.status === 'disabled', request);
  if (condition !== null) return condition;
  const { limits } = state.definition;
  if (limits.perCustomer !== null && (state.uses.get(request.customerId) ?? 0) >= limits.perCustomer)
    return 'ALREADY_USED_BY_CUSTOMER';
  if (limits.totalRedemptions !== null && state.open.size + state.redeemed >= limits.totalRedemptions)
    return 'EXHAUSTED';
  return null;
}
