import type { OrderCancellationReason } from '@orderflow/domain';
import { COMPENSATION_FORCED, type SagaCommandRequest, type SagaInput } from '../runtime/process-manager.ts';
import type { FulfillmentCommand, FulfillmentInput } from './messages.ts';
import {
  forcedReason,
  goingForward,
  completesReservation,
  PAYMENT_TIMED_OUT,
  reservedCoupons,
  reservedSkus,
  type FulfillmentState,
} from './state.ts';

type Out = SagaCommandRequest<FulfillmentCommand>;

/**
 * The commands OrderFulfillment sends in reaction to `input`, given the state before it.
 * - OrderCreated → ReserveStock per line and ReserveCoupon per coupon code, in parallel;
 * - the last line or coupon reserved → RequestPayment (paymentId = orderId) for the discounted total;
 * - a line failed while reserving → ReleaseStock for reserved lines, ReleaseCoupon for reserved
 *   coupons, CancelOrder(OUT_OF_STOCK);
 * - a coupon refused while reserving → the same releases, CancelOrder(COUPON_REJECTED naming the
 *   code and why);
 * - PaymentConfirmed → ConfirmOrder; then OrderConfirmed → CommitStock per line and RedeemCoupon
 *   per coupon. Confirming the
 *   order first makes the order stream decide a race with a customer's cancellation: either the
 *   cancellation comes first (ConfirmOrder is refused, tolerated, and the order is compensated
 *   with a refund) or the confirmation does (the cancellation is refused with INVALID_STATE);
 *   stock is committed only for a confirmed order, so it is never left committed for a
 *   cancelled one;
 * - PaymentFailed → ReleaseStock for reserved lines, CancelOrder(PAYMENT_FAILED);
 * - PaymentTimedOut (timer) while awaiting payment → ReleaseStock, CancelOrder(PAYMENT_TIMEOUT),
 *   VoidPayment if it was requested;
 * - the order cancelled by the customer → ReleaseStock for reserved lines, VoidPayment if one
 *   was requested or confirmed (refunded when confirmed);
 * - CompensationForced (operator) → ReleaseStock, VoidPayment, CancelOrder as far as needed;
 * - while compensating, a late StockReserved or CouponReserved is released and a late payment
 *   voided (a payment confirmed after the order was cancelled is refunded).
 * Every path that releases stock releases the reserved coupons too.
 * Times (ISO-8601) come from `input.at`, so replays decide identically.
 */
export function decideFulfillment(input: SagaInput<FulfillmentInput>, s: FulfillmentState | null): Out[] {
  const at = input.at.toISOString();
  if (s === null) {
    if (input.type !== 'OrderCreated') return [];
    const data = input.data;
    const stock: Out[] = data.lines.map((l) => ({
      type: 'ReserveStock',
      data: { sku: l.sku, orderId: data.orderId, quantity: l.quantity },
    }));
    const codes = (data.coupons ?? []).map((c) => c.code);
    const coupons: Out[] = codes.map((code) => ({
      type: 'ReserveCoupon',
      data: {
        code,
        orderId: data.orderId,
        customerId: data.customerId,
        currency: data.currency,
        subtotal: data.subtotal,
        skus: data.lines.map((l) => l.sku),
        codes,
        placedAt: data.placedAt,
      },
    }));
    return [...stock, ...coupons];
  }
  const orderId = s.orderId;
  const releaseCoupons = (): Out[] =>
    reservedCoupons(s).map((code) => ({ type: 'ReleaseCoupon', data: { code, orderId } }));
  const release = (skus: string[]): Out[] => [
    ...skus.map((sku): Out => ({ type: 'ReleaseStock', data: { sku, orderId } })),
    ...releaseCoupons(),
  ];
  const cancel = (reason: OrderCancellationReason): Out => ({
    type: 'CancelOrder',
    data: {
      orderId,
      reason,
      cancelledAt: at,
      ...(reason === 'COUPON_REJECTED' ? { coupon: s.rejectedCoupon ?? null } : {}),
    },
  });
  const voidPayment = (reason: string): Out => ({
    type: 'VoidPayment',
    data: { paymentId: orderId, reason, voidedAt: at },
  });
  /** The order's payment, for the (discounted) total; asked once everything is reserved. */
  const requestPayment: Out = {
    type: 'RequestPayment',
    data: { paymentId: orderId, orderId, amount: s.total, currency: s.currency, requestedAt: at },
  };
  const paymentOpen = s.payment === 'requested' || s.payment === 'confirmed';
  const compensating = s.status === 'compensating' || s.status === 'compensated';

  switch (input.type) {
    case 'StockReserved': {
      const sku = input.data.sku;
      if (compensating) return release([sku]);
      return completesReservation(s, { sku }) ? [requestPayment] : [];
    }
    case 'StockReservationFailed':
      return s.status === 'reserving' ? [...release(reservedSkus(s)), cancel('OUT_OF_STOCK')] : [];
    case 'CouponReserved': {
      const code = input.data.code;
      if (compensating) return [{ type: 'ReleaseCoupon', data: { code, orderId } }];
      return completesReservation(s, { code }) ? [requestPayment] : [];
    }
    case 'CouponReservationRefused': {
      if (s.status !== 'reserving') return [];
      const rejected = { code: input.data.code, reason: input.data.reason };
      return [
        ...release(reservedSkus(s)),
        {
          type: 'CancelOrder',
          data: { orderId, reason: 'COUPON_REJECTED', cancelledAt: at, coupon: rejected },
        },
      ];
    }
    case 'PaymentRequested':
      return compensating ? [voidPayment(`order cancelled: ${s.reason ?? 'unknown'}`)] : [];
    case 'PaymentConfirmed':
      if (s.status === 'awaiting_payment')
        return [{ type: 'ConfirmOrder', data: { orderId, confirmedAt: at } }];
      return compensating
        ? [voidPayment(`payment confirmed after the order was cancelled (${s.reason ?? 'unknown'})`)]
        : [];
    case 'PaymentFailed':
      return s.status === 'awaiting_payment' ? [...release(reservedSkus(s)), cancel('PAYMENT_FAILED')] : [];
    case 'OrderConfirmed':
      return s.status === 'confirming'
        ? [
            ...reservedSkus(s).map((sku): Out => ({ type: 'CommitStock', data: { sku, orderId } })),
            ...reservedCoupons(s).map((code): Out => ({ type: 'RedeemCoupon', data: { code, orderId } })),
          ]
        : [];
    case 'OrderCancelled': {
      if (!goingForward(s)) return [];
      const out = release(reservedSkus(s));
      if (paymentOpen) out.push(voidPayment('order cancelled by the customer'));
      return out;
    }
    case PAYMENT_TIMED_OUT: {
      if (s.status !== 'awaiting_payment') return [];
      const out = [...release(reservedSkus(s)), cancel('PAYMENT_TIMEOUT')];
      if (paymentOpen) out.push(voidPayment('payment timed out'));
      return out;
    }
    case COMPENSATION_FORCED: {
      if (s.order === 'confirmed' || s.status === 'completed' || s.status === 'compensated') return [];
      const out = release(reservedSkus(s));
      if (paymentOpen) out.push(voidPayment(`compensation forced by ${input.data.actor}`));
      if (s.order === 'pending') out.push(cancel(forcedReason(s)));
      return out;
    }
    case 'OrderCreated':
    case 'StockReleased':
    case 'StockCommitted':
    case 'PaymentVoided':
    case 'CouponRedeemed':
    case 'CouponReleased':
      return [];
    default: {
      const _exhaustive: never = input;
      return [];
    }
  }
}
