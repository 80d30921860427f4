import { deterministicId } from '@orderflow/core';
import type { CompleteRefund, ConfirmPayment, FailPayment, FailRefund } from '@orderflow/domain';
import type { PaymentCallback } from './callback.ts';

/**
 * The payment command a callback asks for: approved → ConfirmPayment, declined → FailPayment;
 * for `type: refund`, approved → CompleteRefund, declined → FailRefund.
 * Its `commandId` is uuidv5('payment-callback', callbackId), so the events it appends have ids
 * derived from the callback id: the same callback applied twice appends nothing new (the store
 * dedupes the ids), and the payment decider makes any repeated outcome a no-op.
 */
export function callbackCommand(
  callback: PaymentCallback,
  correlationId: string = callback.paymentId,
): ConfirmPayment | FailPayment | CompleteRefund | FailRefund {
  const metadata = { commandId: deterministicId('payment-callback', callback.callbackId), correlationId };
  const { paymentId, outcome, occurredAt } = callback;
  if (callback.type === 'refund') {
    const refundId = callback.refundId ?? '';
    return outcome === 'approved'
      ? {
          type: 'CompleteRefund',
          data: { paymentId, refundId, providerRef: callback.providerRef ?? '', completedAt: occurredAt },
          metadata,
        }
      : {
          type: 'FailRefund',
          data: { paymentId, refundId, reason: callback.reason ?? 'DECLINED', failedAt: occurredAt },
          metadata,
        };
  }
  switch (outcome) {
    case 'approved':
      return {
        type: 'ConfirmPayment',
        data: { paymentId, providerRef: callback.providerRef ?? '', confirmedAt: occurredAt },
        metadata,
      };
    case 'declined':
      return {
        type: 'FailPayment',
        data: { paymentId, reason: callback.reason ?? 'DECLINED', failedAt: occurredAt },
        metadata,
      };
    default: {
      const _exhaustive: never = outcome;
      throw new TypeError(`unknown outcome ${String(outcome)}`);
    }
  }
}
