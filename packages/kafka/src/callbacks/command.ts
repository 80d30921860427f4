import { deterministicId } from '@orderflow/core';
import type { ConfirmPayment, FailPayment } from '@orderflow/domain';
import type { PaymentCallback } from './callback.ts';

/**
 * The payment command a callback asks for: approved → ConfirmPayment, declined → FailPayment.
 * Its `commandId` is uuidv5('payment-callback', callbackId), so the events it appends have ids
 * derived from the callback id: the same callback applied twice appends nothing new (the store
 * dedupes the ids), and the payment decider makes any repeated outcome a no-op.
 */
export function callbackCommand(
  callback: PaymentCallback,
  correlationId: string = callback.paymentId,
): ConfirmPayment | FailPayment {
  const metadata = { commandId: deterministicId('payment-callback', callback.callbackId), correlationId };
  const { paymentId, outcome, occurredAt } = callback;
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
