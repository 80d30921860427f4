import { streamName, type Decider } from '@orderflow/core';
import { decide, type PaymentCommand } from './commands.ts';
import { evolve, initialState, type PaymentEvent, type PaymentState } from './events.ts';

export type { ConfirmPayment, FailPayment, PaymentCommand, RequestPayment, VoidPayment } from './commands.ts';
export type { CompleteRefund, FailRefund, PaymentRefundCommand, RequestRefund } from './refund-commands.ts';
export type {
  PaymentRefund,
  PaymentRefundEvent,
  RefundCompleted,
  RefundFailed,
  RefundRequested,
} from './refund-events.ts';
export type {
  PaymentCapturedAfterVoid,
  PaymentConfirmed,
  PaymentDetails,
  PaymentEvent,
  PaymentFailed,
  PaymentRequested,
  PaymentState,
  PaymentVoided,
} from './events.ts';

/**
 * The payment aggregate: one stream per payment ({@link paymentStream}); the order process
 * manager uses paymentId = orderId. See `decide` in `commands.ts` for the rules and errors.
 */
export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = {
  decide,
  evolve,
  initialState,
};

/** The stream of one payment: `payment-<paymentId>`. */
export const paymentStream = (paymentId: string): string => streamName('payment', paymentId);
