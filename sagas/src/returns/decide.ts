import { COMPENSATION_FORCED, type SagaCommandRequest, type SagaInput } from '../runtime/process-manager.ts';
import { lateCaptureRefundId, REFUND_TIMED_OUT, type ReturnsCommand, type ReturnsInput } from './messages.ts';
import type { ReturnsState, ReturnsTiming } from './state.ts';

type Out = SagaCommandRequest<ReturnsCommand>;

/** Reason of the FailRefund sent when the provider never answered. */
export const PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT';

/**
 * The commands Returns sends in reaction to `input`, given the state before it:
 * - OrderRefundRequested → RequestRefund (attempt 1) of the refund's amount from the payment
 *   (paymentId = orderId); PaymentCapturedAfterVoid → RequestRefund of the whole captured amount;
 * - RefundCompleted → CompleteOrderRefund (an order refund not yet recorded), also when it
 *   arrives after the refund was given up: the money went back, so the order records it;
 * - OrderRefunded with restockOnReturn → Restock of each refunded line's units (the goods are
 *   back on hand);
 * - RefundFailed (the provider refused, or the refund was given up) → DeclineOrderRefund: the
 *   compensation, after which the order is as it was;
 * - RefundTimedOut of the current attempt → RequestRefund again (attempt + 1) while attempts
 *   are left, else FailRefund(PROVIDER_TIMEOUT), whose RefundFailed compensates;
 * - CompensationForced (operator) while the provider has not refunded → FailRefund naming the actor.
 * Times (ISO-8601) come from `input.at`, so replays decide identically.
 */
export function decideReturns(
  input: SagaInput<ReturnsInput>,
  s: ReturnsState | null,
  timing: ReturnsTiming,
): Out[] {
  const at = input.at.toISOString();
  const requestRefund = (
    state: { paymentId: string; refundId: string; amount: number; reason: string },
    attempt: number,
  ): Out => ({
    type: 'RequestRefund',
    data: {
      paymentId: state.paymentId,
      refundId: state.refundId,
      amount: state.amount,
      reason: state.reason,
      attempt,
      requestedAt: at,
    },
  });
  if (s === null) {
    if (input.type === 'OrderRefundRequested') {
      const { orderId, refundId, amount, reason } = input.data;
      return [requestRefund({ paymentId: orderId, refundId, amount, reason }, 1)];
    }
    if (input.type === 'PaymentCapturedAfterVoid') {
      const { paymentId, amount } = input.data;
      return [
        requestRefund(
          { paymentId, refundId: lateCaptureRefundId(paymentId), amount, reason: 'LATE_CAPTURE' },
          1,
        ),
      ];
    }
    return [];
  }
  const failRefund = (reason: string): Out => ({
    type: 'FailRefund',
    data: { paymentId: s.paymentId, refundId: s.refundId, reason, failedAt: at },
  });
  switch (input.type) {
    case 'RefundCompleted':
      return s.kind === 'order' && s.order !== 'refunded'
        ? [
            {
              type: 'CompleteOrderRefund',
              data: {
                orderId: s.orderId,
                refundId: s.refundId,
                providerRef: input.data.providerRef,
                refundedAt: at,
              },
            },
          ]
        : [];
    case 'OrderRefunded':
      return s.restockOnReturn && s.order !== 'refunded'
        ? input.data.lines.map((l): Out => ({ type: 'Restock', data: { sku: l.sku, quantity: l.quantity } }))
        : [];
    case 'RefundFailed':
      return s.kind === 'order' && s.order === 'requested'
        ? [
            {
              type: 'DeclineOrderRefund',
              data: { orderId: s.orderId, refundId: s.refundId, reason: input.data.reason, declinedAt: at },
            },
          ]
        : [];
    case REFUND_TIMED_OUT:
      if (s.status !== 'refunding' || input.data.attempt !== s.attempt) return [];
      return s.attempt < timing.maxAttempts
        ? [requestRefund(s, s.attempt + 1)]
        : [failRefund(`${PROVIDER_TIMEOUT}: no answer after ${s.attempt} attempts`)];
    case COMPENSATION_FORCED:
      return s.status === 'refunding' ? [failRefund(`compensation forced by ${input.data.actor}`)] : [];
    case 'OrderRefundRequested':
    case 'OrderRefundDeclined':
    case 'PaymentCapturedAfterVoid':
    case 'RefundRequested':
      return [];
    default: {
      const _exhaustive: never = input;
      return [];
    }
  }
}
