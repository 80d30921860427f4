import { streamName, type Decider } from '@orderflow/core';
import { decide, type OrderCommand } from './commands.ts';
import { evolve, initialState, type OrderEvent, type OrderState } from './events.ts';

export {
  MAX_ORDER_COUPONS,
  type CancelOrder,
  type ConfirmOrder,
  type OrderCommand,
  type PlaceOrder,
  type MarkDelivered,
  type ShipOrder,
} from './commands.ts';
export {
  ORDER_CANCELLATION_REASONS,
  type OrderCancellationReason,
  type OrderCancelled,
  type OrderCoupon,
  type OrderDelivered,
  type OrderShipped,
  type Shipment,
  type RecordedOrderLine,
  type RejectedCoupon,
  type OrderConfirmed,
  type OrderCreated,
  type OrderDetails,
  type OrderEvent,
  type OrderLine,
  type OrderState,
  type PriceSource,
  type ConfirmedOrderState,
} from './events.ts';
export {
  MAX_REFUND_LINES,
  MAX_REFUND_TEXT_LENGTH,
  type CompleteOrderRefund,
  type DeclineOrderRefund,
  type OrderRefundCommand,
  type RequestOrderRefund,
} from './refund-commands.ts';
export {
  refundAmount,
  refundedTotal,
  type OrderRefund,
  type OrderRefundDeclined,
  type OrderRefundEvent,
  type OrderRefunded,
  type OrderRefundRequested,
  type RefundLine,
} from './refund-events.ts';
export {
  MAX_CUSTOMER_ID_LENGTH,
  MAX_SHIPPING_COUNTRY_LENGTH,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  validateOrderHeader,
  validatePlaceOrder,
  validateRequestedLines,
  type RequestedLine,
} from './validate-place-order.ts';

/**
 * The order aggregate: one stream per order ({@link orderStream}). See `decide` in
 * `commands.ts` for the rules and errors, `evolve` in `events.ts` for the state.
 */
export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = { decide, evolve, initialState };

/** The stream of one order: `order-<orderId>`. */
export const orderStream = (orderId: string): string => streamName('order', orderId);
