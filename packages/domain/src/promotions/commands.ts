import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import { requireIsoTimestamp, requireNonEmptyString, requireSameId } from '../shared/validation.ts';
import { requireCouponCode, validateCouponDefinition, type CouponDefinition } from './coupon.ts';
import { couponRefusal, type CouponRequest } from './eligibility.ts';
import type { CouponState, PromotionEvent } from './events.ts';

/** Longest reason an operator may give for disabling a coupon. */
export const MAX_DISABLE_REASON_LENGTH = 500;

/** Define a coupon (see {@link validateCouponDefinition}); `definedAt` is ISO-8601. */
export type DefineCoupon = Command<'DefineCoupon', CouponDefinition & { readonly definedAt: string }>;

/** Stop a coupon from being reserved by new orders; reservations already held stay valid. */
export type DisableCoupon = Command<
  'DisableCoupon',
  { readonly code: string; readonly reason: string; readonly disabledAt: string }
>;

/** Hold the coupon for an order, checking its conditions and limits; idempotent per orderId. */
export type ReserveCoupon = Command<'ReserveCoupon', CouponRequest & { readonly code: string }>;

/** Make an order's held coupon final (the order was confirmed). */
export type RedeemCoupon = Command<'RedeemCoupon', { readonly code: string; readonly orderId: string }>;

/** Give an order's held coupon back (compensation); a no-op when the order holds none. */
export type ReleaseCoupon = Command<'ReleaseCoupon', { readonly code: string; readonly orderId: string }>;

/** Every command of the coupon decider. */
export type PromotionCommand = DefineCoupon | DisableCoupon | ReserveCoupon | RedeemCoupon | ReleaseCoupon;

const sameDefinition = (a: CouponDefinition, b: CouponDefinition) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const canonical = (d: CouponDefinition): CouponDefinition => ({
  code: d.code,
  kind: d.kind,
  value: d.value,
  currency: d.currency,
  skus: d.skus,
  conditions: {
    minimumSubtotal: d.conditions.minimumSubtotal,
    customers: d.conditions.customers,
    validFrom: d.conditions.validFrom,
    validUntil: d.conditions.validUntil,
  },
  limits: {
    totalRedemptions: d.limits.totalRedemptions,
    perCustomer: d.limits.perCustomer,
    stackable: d.limits.stackable,
  },
});

/**
 * Decides what a coupon command does to one coupon (stream `coupon-<CODE>`). Pure.
 * - DefineCoupon → [CouponDefined]; the same definition again → [] (a retried admin call);
 * - DisableCoupon → [CouponDisabled]; disabled already → [];
 * - ReserveCoupon: the order holds it or settled it already → []; otherwise
 *   [CouponReservationRefused with the reason of {@link couponRefusal}] or [CouponReserved];
 * - RedeemCoupon: held → [CouponRedeemed]; redeemed already → [];
 * - ReleaseCoupon: held → [CouponReleased]; otherwise [].
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field`), a `code` that is not
 *   the stream's included; ALREADY_EXISTS for a different definition of a defined code;
 *   NOT_FOUND for disabling an undefined coupon; INVALID_STATE for redeeming a coupon the order
 *   does not hold.
 */
export function decide(command: PromotionCommand, state: CouponState): PromotionEvent[] {
  requireCouponCode(command.data.code, 'code');
  if (state.status !== 'undefined') requireSameId(command.data.code, state.definition.code, 'code');
  switch (command.type) {
    case 'DefineCoupon': {
      const { definedAt, ...definition } = command.data;
      validateCouponDefinition(definition);
      requireIsoTimestamp(definedAt, 'definedAt');
      if (state.status !== 'undefined') {
        if (sameDefinition(state.definition, definition)) return [];
        throw new OrderflowError('ALREADY_EXISTS', `coupon ${definition.code} is defined already`, {
          couponCode: definition.code,
        });
      }
      return [{ type: 'CouponDefined', data: { ...canonical(definition), definedAt } }];
    }
    case 'DisableCoupon': {
      const { code, reason, disabledAt } = command.data;
      requireNonEmptyString(reason, 'reason', MAX_DISABLE_REASON_LENGTH);
      requireIsoTimestamp(disabledAt, 'disabledAt');
      if (state.status === 'undefined')
        throw new OrderflowError('NOT_FOUND', `coupon ${code} is not defined`, { couponCode: code });
      if (state.status === 'disabled') return [];
      return [{ type: 'CouponDisabled', data: { code, reason, disabledAt } }];
    }
    case 'ReserveCoupon':
      return reserveCoupon(command.data, state);
    case 'RedeemCoupon': {
      const { code, orderId } = command.data;
      requireNonEmptyString(orderId, 'orderId');
      const customerId = state.status === 'undefined' ? undefined : state.open.get(orderId);
      if (customerId !== undefined) return [{ type: 'CouponRedeemed', data: { code, orderId, customerId } }];
      if (state.settled.get(orderId) === 'redeemed') return [];
      throw invalidState(`order ${orderId} holds no reservation of coupon ${code} to redeem`, {
        couponCode: code,
        orderId,
        settlement: state.settled.get(orderId) ?? 'none',
      });
    }
    case 'ReleaseCoupon': {
      const { code, orderId } = command.data;
      requireNonEmptyString(orderId, 'orderId');
      const customerId = state.status === 'undefined' ? undefined : state.open.get(orderId);
      return customerId === undefined
        ? []
        : [{ type: 'CouponReleased', data: { code, orderId, customerId } }];
    }
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown coupon command', { field: 'type' });
    }
  }
}

function reserveCoupon(data: ReserveCoupon['data'], state: CouponState): PromotionEvent[] {
  const { code, orderId, customerId } = data;
  requireNonEmptyString(orderId, 'orderId');
  requireNonEmptyString(customerId, 'customerId');
  requireIsoTimestamp(data.placedAt, 'placedAt');
  if (state.settled.has(orderId)) return [];
  if (state.status !== 'undefined' && state.open.has(orderId)) return [];
  const reason = couponRefusal(state, data);
  if (reason !== null)
    return [{ type: 'CouponReservationRefused', data: { code, orderId, customerId, reason } }];
  return [{ type: 'CouponReserved', data: { code, orderId, customerId } }];
}
