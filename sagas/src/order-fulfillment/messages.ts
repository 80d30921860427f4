import type { Event } from '@orderflow/core';
import type {
  CancelOrder,
  CommitStock,
  ConfirmOrder,
  DomainEvent,
  RedeemCoupon,
  ReleaseCoupon,
  ReleaseStock,
  RequestPayment,
  ReserveCoupon,
  ReserveStock,
  VoidPayment,
} from '@orderflow/domain';
import type { CompensationForced } from '../runtime/process-manager.ts';

/** The event types the process manager reacts to; every one carries `data.orderId`. */
export const FULFILLMENT_EVENTS = [
  'OrderCreated',
  'OrderConfirmed',
  'OrderCancelled',
  'StockReserved',
  'StockReservationFailed',
  'StockReleased',
  'StockCommitted',
  'PaymentRequested',
  'PaymentConfirmed',
  'PaymentFailed',
  'PaymentVoided',
  'CouponReserved',
  'CouponReservationRefused',
  'CouponRedeemed',
  'CouponReleased',
] as const satisfies readonly DomainEvent['type'][];

/** The domain events of {@link FULFILLMENT_EVENTS}, with their `data` shapes. */
export type FulfillmentEvent = Extract<DomainEvent, { type: (typeof FULFILLMENT_EVENTS)[number] }>;

/** The runtime input fed when the payment timer fires. */
export const PAYMENT_TIMED_OUT = 'PaymentTimedOut';

/** The payment timer's input: the order is still unpaid at its `paymentDueAt`. */
export type PaymentTimedOut = Event<typeof PAYMENT_TIMED_OUT, { readonly orderId: string }>;

/** Everything OrderFulfillment reacts to: its events, its timer, an operator's compensation. */
export type FulfillmentInput = FulfillmentEvent | PaymentTimedOut | CompensationForced;

/** The commands OrderFulfillment sends, to the inventory, coupon, payment and order aggregates. */
export type FulfillmentCommand =
  | ReserveCoupon
  | RedeemCoupon
  | ReleaseCoupon
  | ReserveStock
  | ReleaseStock
  | CommitStock
  | RequestPayment
  | VoidPayment
  | ConfirmOrder
  | CancelOrder;
