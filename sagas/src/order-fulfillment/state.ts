import type { OrderCancellationReason, RejectedCoupon } from '@orderflow/domain';
import { COMPENSATION_FORCED, type SagaInput } from '../runtime/process-manager.ts';
import { PAYMENT_TIMED_OUT, type FulfillmentInput } from './messages.ts';

/** Where one line's stock is. */
export type LineStatus = 'pending' | 'reserved' | 'failed' | 'released' | 'committed';

/** Where one of the order's coupons is. */
export type CouponStatus = 'pending' | 'reserved' | 'refused' | 'released' | 'redeemed';

/**
 * The fulfillment of one order:
 * reserving → awaiting_payment → confirming → completed, or → compensating → compensated.
 * `paymentDueAt` (ISO-8601) is when an unpaid order times out; set on entering
 * awaiting_payment. Amounts are minor units of `currency`.
 */
export interface FulfillmentState {
  readonly orderId: string;
  /** The customer who placed the order; absent in states stored before it was kept. */
  readonly customerId?: string;
  readonly total: number;
  readonly currency: string;
  readonly status:
    'reserving' | 'awaiting_payment' | 'confirming' | 'compensating' | 'completed' | 'compensated';
  readonly lines: ReadonlyArray<{
    readonly sku: string;
    readonly quantity: number;
    readonly status: LineStatus;
  }>;
  /** The order's coupon codes, reserved like stock: all reserved before payment is requested. */
  readonly coupons?: ReadonlyArray<{ readonly code: string; readonly status: CouponStatus }>;
  readonly payment: 'none' | 'requested' | 'confirmed' | 'failed' | 'voided';
  readonly order: 'pending' | 'confirmed' | 'cancelled';
  readonly reason: OrderCancellationReason | null;
  /** The coupon refused (and why) when the reason is COUPON_REJECTED. */
  readonly rejectedCoupon?: RejectedCoupon | null;
  readonly paymentDueAt?: string | null;
}

export { FULFILLMENT_EVENTS, PAYMENT_TIMED_OUT } from './messages.ts';

const withLine = (s: FulfillmentState, sku: string, status: LineStatus): FulfillmentState => ({
  ...s,
  lines: s.lines.map((l) => (l.sku === sku ? { ...l, status } : l)),
});

const withCoupon = (s: FulfillmentState, code: string, status: CouponStatus): FulfillmentState => ({
  ...s,
  coupons: (s.coupons ?? []).map((c) => (c.code === code ? { ...c, status } : c)),
});

/** True when everything the order reserves (lines and coupons) but `except` is reserved. */
const allReservedBut = (s: FulfillmentState, except: { sku?: string; code?: string }): boolean =>
  s.lines.every((l) => l.sku === except.sku || l.status === 'reserved') &&
  (s.coupons ?? []).every((c) => c.code === except.code || c.status === 'reserved');

/**
 * True when `s` is reserving and reserving `resource` (a line's SKU or a coupon's code) completes
 * the set: every other line and coupon is reserved already, so payment is due.
 */
export const completesReservation = (
  s: FulfillmentState,
  resource: { sku?: string; code?: string },
): boolean => s.status === 'reserving' && allReservedBut(s, resource);

/** `next` awaiting payment, due `paymentTimeoutMs` after `at`. */
const awaitPayment = (next: FulfillmentState, at: Date, paymentTimeoutMs: number): FulfillmentState => ({
  ...next,
  status: 'awaiting_payment',
  paymentDueAt: new Date(at.getTime() + paymentTimeoutMs).toISOString(),
});

/** The reserved lines' SKUs. */
export const reservedSkus = (s: FulfillmentState): string[] =>
  s.lines.filter((l) => l.status === 'reserved').map((l) => l.sku);

/** The reserved coupons' codes. */
export const reservedCoupons = (s: FulfillmentState): string[] =>
  (s.coupons ?? []).filter((c) => c.status === 'reserved').map((c) => c.code);

/** True while the order still goes forward (nothing confirmed or cancelled yet). */
export const goingForward = (s: FulfillmentState): boolean =>
  s.status === 'reserving' || s.status === 'awaiting_payment' || s.status === 'confirming';

/**
 * The reason an operator's forced compensation cancels with (the catalog has no operator
 * reason): OUT_OF_STOCK while reserving or confirming, PAYMENT_FAILED while awaiting payment,
 * or the reason the saga already has.
 */
export const forcedReason = (s: FulfillmentState): OrderCancellationReason =>
  s.reason ?? (s.status === 'awaiting_payment' ? 'PAYMENT_FAILED' : 'OUT_OF_STOCK');

/** The terminal status reached, if any: completed or compensated. */
function settle(s: FulfillmentState): FulfillmentState {
  const coupons = s.coupons ?? [];
  if (
    s.status === 'confirming' &&
    s.order === 'confirmed' &&
    s.lines.every((l) => l.status === 'committed') &&
    coupons.every((c) => c.status === 'redeemed')
  )
    return { ...s, status: 'completed' };
  if (
    s.status === 'compensating' &&
    s.order === 'cancelled' &&
    s.lines.every((l) => l.status !== 'pending' && l.status !== 'reserved') &&
    coupons.every((c) => c.status !== 'pending' && c.status !== 'reserved') &&
    s.payment !== 'requested' &&
    s.payment !== 'confirmed'
  ) {
    return { ...s, status: 'compensated' };
  }
  return s;
}

/** A compensated order whose payment turns up late (requested or confirmed) compensates again until it is voided. */
const reopen = (s: FulfillmentState): FulfillmentState =>
  s.status === 'compensated' && (s.payment === 'requested' || s.payment === 'confirmed')
    ? { ...s, status: 'compensating' }
    : s;

const compensate = (s: FulfillmentState, reason: OrderCancellationReason): FulfillmentState =>
  goingForward(s) ? { ...s, status: 'compensating', reason } : s;

/**
 * Folds one input into the fulfillment state (null: no instance, and this input starts none).
 * `paymentTimeoutMs` sets `paymentDueAt` when the last line is reserved.
 */
export function evolveFulfillment(
  state: FulfillmentState | null,
  input: SagaInput<FulfillmentInput>,
  paymentTimeoutMs: number,
): FulfillmentState | null {
  if (state === null) {
    if (input.type !== 'OrderCreated') return null;
    const data = input.data;
    return {
      orderId: data.orderId,
      customerId: data.customerId,
      total: data.total,
      currency: data.currency,
      status: 'reserving',
      lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, status: 'pending' })),
      coupons: (data.coupons ?? []).map((c) => ({ code: c.code, status: 'pending' })),
      payment: 'none',
      order: 'pending',
      reason: null,
      rejectedCoupon: null,
      paymentDueAt: null,
    };
  }
  const s = state;
  switch (input.type) {
    case 'StockReserved': {
      const next = withLine(s, input.data.sku, 'reserved');
      return completesReservation(s, { sku: input.data.sku })
        ? awaitPayment(next, input.at, paymentTimeoutMs)
        : next;
    }
    case 'StockReservationFailed':
      return settle(compensate(withLine(s, input.data.sku, 'failed'), 'OUT_OF_STOCK'));
    case 'CouponReserved': {
      const next = withCoupon(s, input.data.code, 'reserved');
      return completesReservation(s, { code: input.data.code })
        ? awaitPayment(next, input.at, paymentTimeoutMs)
        : next;
    }
    case 'CouponReservationRefused': {
      const next = withCoupon(s, input.data.code, 'refused');
      if (!goingForward(s)) return settle(next);
      const rejectedCoupon = { code: input.data.code, reason: input.data.reason };
      return settle({ ...compensate(next, 'COUPON_REJECTED'), rejectedCoupon });
    }
    case 'CouponReleased':
      return settle(withCoupon(s, input.data.code, 'released'));
    case 'CouponRedeemed':
      return settle(withCoupon(s, input.data.code, 'redeemed'));
    case 'StockReleased':
      return settle(withLine(s, input.data.sku, 'released'));
    case 'StockCommitted':
      return settle(withLine(s, input.data.sku, 'committed'));
    case 'PaymentRequested':
      return settle(reopen({ ...s, payment: s.payment === 'none' ? 'requested' : s.payment }));
    case 'PaymentConfirmed':
      return s.status === 'awaiting_payment'
        ? { ...s, payment: 'confirmed', status: 'confirming' }
        : settle(reopen({ ...s, payment: 'confirmed' }));
    case 'PaymentFailed':
      return settle(
        s.status === 'awaiting_payment'
          ? compensate({ ...s, payment: 'failed' }, 'PAYMENT_FAILED')
          : { ...s, payment: s.payment === 'requested' ? 'failed' : s.payment },
      );
    case 'PaymentVoided':
      return settle({ ...s, payment: 'voided' });
    case 'OrderConfirmed':
      return settle({ ...s, order: 'confirmed' });
    case 'OrderCancelled': {
      const reason = input.data.reason;
      return settle({ ...compensate(s, reason), order: 'cancelled', reason });
    }
    case PAYMENT_TIMED_OUT:
      return s.status === 'awaiting_payment' ? compensate(s, 'PAYMENT_TIMEOUT') : s;
    case COMPENSATION_FORCED:
      return s.order === 'confirmed' ? s : settle(compensate(s, forcedReason(s)));
    case 'OrderCreated':
      return s;
    default: {
      const _exhaustive: never = input;
      return s;
    }
  }
}
