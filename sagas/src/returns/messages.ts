import type { Event } from '@orderflow/core';
import type {
  CompleteOrderRefund,
  DeclineOrderRefund,
  DomainEvent,
  FailRefund,
  RequestRefund,
  Restock,
} from '@orderflow/domain';
import type { CompensationForced } from '../runtime/process-manager.ts';

/** The event types the Returns process manager reacts to; each names its refund (see `refundIdOf`). */
export const RETURNS_EVENTS = [
  'OrderRefundRequested',
  'OrderRefunded',
  'OrderRefundDeclined',
  'PaymentCapturedAfterVoid',
  'RefundRequested',
  'RefundCompleted',
  'RefundFailed',
] as const satisfies readonly DomainEvent['type'][];

/** The domain events of {@link RETURNS_EVENTS}. */
export type ReturnsEvent = Extract<DomainEvent, { type: (typeof RETURNS_EVENTS)[number] }>;

/** The runtime input fed when a refund attempt's timer fires. */
export const REFUND_TIMED_OUT = 'RefundTimedOut';

/** The refund timer's input: attempt `attempt` got no answer from the provider in time. */
export type RefundTimedOut = Event<
  typeof REFUND_TIMED_OUT,
  { readonly refundId: string; readonly attempt: number }
>;

/** Everything Returns reacts to: its events, its timer, an operator's compensation. */
export type ReturnsInput = ReturnsEvent | RefundTimedOut | CompensationForced;

/** The commands Returns sends, to the payment, order and inventory aggregates. */
export type ReturnsCommand = RequestRefund | FailRefund | CompleteOrderRefund | DeclineOrderRefund | Restock;

/** The refund id of the automatic refund of a payment captured after its void. */
export const lateCaptureRefundId = (paymentId: string): string => `late-capture-${paymentId}`;

/** The refund (= instance) an event belongs to. */
export function refundIdOf(event: ReturnsEvent): string {
  return event.type === 'PaymentCapturedAfterVoid'
    ? lateCaptureRefundId(event.data.paymentId)
    : event.data.refundId;
}
