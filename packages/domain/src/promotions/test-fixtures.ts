import type { CouponDefinition } from './coupon.ts';
import type { ReserveCoupon } from './commands.ts';
import type { CouponDefined, PromotionEvent } from './events.ts';

/** Test data shared by the promotion unit tests (not exported from the package). */
export const definedAt = '2025-01-01T00:00:00.000Z';
export const placedAt = '2025-02-01T12:00:00.000Z';

/** A 10 %-off code for anyone, any number of times, stackable. */
export const tenPercent: CouponDefinition = {
  code: 'SPRING10',
  kind: 'PERCENT_OFF',
  value: 1000,
  currency: null,
  skus: null,
  conditions: { minimumSubtotal: null, customers: null, validFrom: null, validUntil: null },
  limits: { totalRedemptions: null, perCustomer: null, stackable: true },
};

/** `tenPercent` with `patch` applied to its fields, conditions and limits. */
export const coupon = (
  patch: Partial<Omit<CouponDefinition, 'conditions' | 'limits'>> & {
    conditions?: Partial<CouponDefinition['conditions']>;
    limits?: Partial<CouponDefinition['limits']>;
  } = {},
): CouponDefinition => ({
  ...tenPercent,
  ...patch,
  conditions: { ...tenPercent.conditions, ...patch.conditions },
  limits: { ...tenPercent.limits, ...patch.limits },
});

export const defined = (definition: CouponDefinition = tenPercent): CouponDefined => ({
  type: 'CouponDefined',
  data: { ...definition, definedAt },
});

/** ReserveCoupon of `code` for an order of customer `customerId` (subtotal 5000 GBP, SKU A). */
export const reserve = (
  orderId: string,
  customerId = 'c-1',
  patch: Partial<ReserveCoupon['data']> = {},
): ReserveCoupon => ({
  type: 'ReserveCoupon',
  data: {
    code: 'SPRING10',
    orderId,
    customerId,
    currency: 'GBP',
    subtotal: 5000,
    skus: ['A'],
    codes: ['SPRING10'],
    placedAt,
    ...patch,
  },
});

export const reserved = (orderId: string, customerId = 'c-1'): PromotionEvent => ({
  type: 'CouponReserved',
  data: { code: 'SPRING10', orderId, customerId },
});
export const redeemed = (orderId: string, customerId = 'c-1'): PromotionEvent => ({
  type: 'CouponRedeemed',
  data: { code: 'SPRING10', orderId, customerId },
});
export const released = (orderId: string, customerId = 'c-1'): PromotionEvent => ({
  type: 'CouponReleased',
  data: { code: 'SPRING10', orderId, customerId },
});
export const refused = (
  orderId: string,
  reason: Extract<PromotionEvent, { type: 'CouponReservationRefused' }>['data']['reason'],
  customerId = 'c-1',
): PromotionEvent => ({
  type: 'CouponReservationRefused',
  data: { code: 'SPRING10', orderId, customerId, reason },
});
