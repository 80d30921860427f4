import { streamName, type Decider } from '@orderflow/core';
import { decide, type PromotionCommand } from './commands.ts';
import { evolve, initialState, type CouponState, type PromotionEvent } from './events.ts';

export {
  MAX_DISABLE_REASON_LENGTH,
  type DefineCoupon,
  type DisableCoupon,
  type PromotionCommand,
  type RedeemCoupon,
  type ReleaseCoupon,
  type ReserveCoupon,
} from './commands.ts';
export {
  COUPON_CODE_PATTERN,
  MAX_COUPON_ALLOW_LIST,
  MAX_PERCENT_OFF_BASIS_POINTS,
  requireCouponCode,
  validateCouponDefinition,
  type CouponConditions,
  type CouponDefinition,
  type CouponKind,
  type CouponLimits,
  type CouponTerms,
} from './coupon.ts';
export {
  divideHalfEven,
  distributeLargestRemainder,
  priceOrder,
  type AppliedCoupon,
  type DiscountedLine,
  type OrderPricing,
  type PricedLine,
} from './discount.ts';
export { couponConditionRefusal, couponRefusal, type CouponRequest } from './eligibility.ts';
export {
  COUPON_REFUSAL_REASONS,
  type CouponDefined,
  type CouponDisabled,
  type CouponRedeemed,
  type CouponRefusalReason,
  type CouponReleased,
  type CouponReservationRefused,
  type CouponReserved,
  type CouponSettlement,
  type CouponState,
  type PromotionEvent,
} from './events.ts';

/**
 * The coupon aggregate: one stream per code ({@link couponStream}); the second scarce resource
 * an order reserves, next to stock. Its `evolve` updates the state's maps in place, like the
 * inventory's: fold from a fresh `initialState()`.
 */
export const couponDecider: Decider<CouponState, PromotionCommand, PromotionEvent> = {
  decide,
  evolve,
  initialState,
};

/** The stream of one coupon: `coupon-<CODE>`. */
export const couponStream = (code: string): string => streamName('coupon', code);
