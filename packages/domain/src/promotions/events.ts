import type { Event } from '@orderflow/core';
import type { CouponDefinition } from './coupon.ts';

/** Why a coupon could not be reserved for an order. */
export const COUPON_REFUSAL_REASONS = [
  /** The order was placed after `validUntil` (or before `validFrom`). */
  'EXPIRED',
  /** `limits.totalRedemptions` orders hold it already. */
  'EXHAUSTED',
  /** The customer holds it `limits.perCustomer` times already. */
  'ALREADY_USED_BY_CUSTOMER',
  /** The order does not meet a condition: minimum subtotal, SKUs, customer, currency. */
  'NOT_APPLICABLE',
  /** The coupon cannot be combined with the order's other codes. */
  'NOT_STACKABLE',
  /** An operator disabled the coupon. */
  'DISABLED',
  /** No coupon has this code. */
  'UNKNOWN_COUPON',
] as const;

/** One of {@link COUPON_REFUSAL_REASONS}. */
export type CouponRefusalReason = (typeof COUPON_REFUSAL_REASONS)[number];

/** A coupon was defined; its terms, conditions and limits never change afterwards. */
export type CouponDefined = Event<'CouponDefined', CouponDefinition & { readonly definedAt: string }>;

/** An operator disabled the coupon: no new reservations; open ones may still be redeemed. */
export type CouponDisabled = Event<
  'CouponDisabled',
  { readonly code: string; readonly reason: string; readonly disabledAt: string }
>;

/** The coupon is held for an order until redeemed (order confirmed) or released (cancelled). */
export type CouponReserved = Event<
  'CouponReserved',
  { readonly code: string; readonly orderId: string; readonly customerId: string }
>;

/** The coupon was refused to an order for `reason`. */
export type CouponReservationRefused = Event<
  'CouponReservationRefused',
  {
    readonly code: string;
    readonly orderId: string;
    readonly customerId: string;
    readonly reason: CouponRefusalReason;
  }
>;

/** The order holding the coupon was confirmed: the use is final and counts against the limits. */
export type CouponRedeemed = Event<
  'CouponRedeemed',
  { readonly code: string; readonly orderId: string; readonly customerId: string }
>;

/** The order holding the coupon was cancelled: the use is given back. */
export type CouponReleased = Event<
  'CouponReleased',
  { readonly code: string; readonly orderId: string; readonly customerId: string }
>;

/** Every event of a coupon stream (`coupon-<CODE>`). */
export type PromotionEvent =
  | CouponDefined
  | CouponDisabled
  | CouponReserved
  | CouponReservationRefused
  | CouponRedeemed
  | CouponReleased;

/** How an order's use of a coupon ended (kept so that repeated commands are no-ops). */
export type CouponSettlement = 'refused' | 'released' | 'redeemed';

/**
 * The state of one coupon.
 * - `open`: orderId → customerId of reservations neither redeemed nor released;
 * - `redeemed`: how many orders redeemed it; uses = open.size + redeemed, which the limits bound;
 * - `uses`: customerId → that customer's open + redeemed uses;
 * - `settled`: orderId → how its use ended.
 * The maps are owned by the fold: {@link evolve} updates them in place (as the inventory's does).
 */
export type CouponState =
  | { readonly status: 'undefined'; readonly settled: Map<string, CouponSettlement> }
  | {
      readonly status: 'active' | 'disabled';
      readonly definition: CouponDefinition;
      readonly redeemed: number;
      readonly open: Map<string, string>;
      readonly uses: Map<string, number>;
      readonly settled: Map<string, CouponSettlement>;
    };

/** The state of a coupon stream without events; fresh maps on every call. */
export const initialState = (): CouponState => ({ status: 'undefined', settled: new Map() });

const addUse = (uses: Map<string, number>, customerId: string, delta: number) => {
  const n = (uses.get(customerId) ?? 0) + delta;
  if (n > 0) uses.set(customerId, n);
  else uses.delete(customerId);
};

/**
 * Folds one coupon event into the state. Takes ownership of `state` (its maps are updated in
 * place, so a long-lived global code folds in O(1) per event); returns `state` unchanged for an
 * event that does not apply.
 */
export function evolve(state: CouponState, event: PromotionEvent): CouponState {
  switch (event.type) {
    case 'CouponDefined': {
      if (state.status !== 'undefined') return state;
      const { definedAt: _definedAt, ...definition } = event.data;
      return {
        status: 'active',
        definition,
        redeemed: 0,
        open: new Map(),
        uses: new Map(),
        settled: state.settled,
      };
    }
    case 'CouponDisabled':
      return state.status === 'active' ? { ...state, status: 'disabled' } : state;
    case 'CouponReserved':
      if (state.status === 'undefined') return state;
      state.open.set(event.data.orderId, event.data.customerId);
      addUse(state.uses, event.data.customerId, 1);
      return { ...state };
    case 'CouponReservationRefused':
      state.settled.set(event.data.orderId, 'refused');
      return { ...state };
    case 'CouponRedeemed':
      if (state.status === 'undefined' || !state.open.delete(event.data.orderId)) return state;
      state.settled.set(event.data.orderId, 'redeemed');
      return { ...state, redeemed: state.redeemed + 1 };
    case 'CouponReleased':
      if (state.status === 'undefined' || !state.open.delete(event.data.orderId)) return state;
      state.settled.set(event.data.orderId, 'released');
      addUse(state.uses, event.data.customerId, -1);
      return { ...state };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
