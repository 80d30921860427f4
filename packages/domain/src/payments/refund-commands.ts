import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import { requireIsoTimestamp, requireNonEmptyString, requirePositiveInteger } from '../shared/validation.ts';
import type { PaymentEvent, PaymentState } from './events.ts';
import { heldByRefunds, type PaymentRefund } from './refund-events.ts';

/** Longest refund id, reason and provider reference, in UTF-16 code units. */
const MAX_TEXT = 200;

/**
 * Ask the provider to give back `amount` minor units (positive safe integer) of a taken payment,
 * as refund `refundId`; `attempt` (1, 2, …) asks again for the same refund after no answer.
 */
export type RequestRefund = Command<
  'RequestRefund',
  {
    readonly paymentId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly reason: string;
    readonly attempt: number;
    readonly requestedAt: string;
  }
>;

/** Record the provider's refund (its callback); `providerRef` identifies it. */
export type CompleteRefund = Command<
  'CompleteRefund',
  {
    readonly paymentId: string;
    readonly refundId: string;
    readonly providerRef: string;
    readonly completedAt: string;
  }
>;

/** Record that the refund was refused, or given up, with a free-text `reason`. */
export type FailRefund = Command<
  'FailRefund',
  {
    readonly paymentId: string;
    readonly refundId: string;
    readonly reason: string;
    readonly failedAt: string;
  }
>;

/** The refund commands of the payment decider. */
export type PaymentRefundCommand = RequestRefund | CompleteRefund | FailRefund;

type Taken = Extract<PaymentState, { refunds: readonly PaymentRefund[] }>;

/**
 * Decides a refund command on a payment that exists (`state` is not empty). Pure; repeats are
 * no-ops, since providers deliver at least once:
 * - RequestRefund on a confirmed payment, or a voided one captured after its void → [RefundRequested];
 *   the same refund again → [] unless `attempt` is above its last (→ [RefundRequested], asked again);
 * - CompleteRefund: requested → [RefundCompleted]; failed → [RefundCompleted] as well (the
 *   provider refunded after it was given up: the money went back, so it is recorded); completed → [];
 * - FailRefund: requested → [RefundFailed]; failed → [].
 * @throws OrderflowError VALIDATION_FAILED for bad input; NOT_FOUND for an unknown refundId;
 *   INVALID_STATE for a payment not taken (requested, failed, voided before capture or refunded
 *   by its void), the same refundId with another amount, failing a completed refund;
 *   REFUND_EXCEEDS_PAYMENT when the amount is more than the payment has left to refund.
 */
export function decidePaymentRefund(
  command: PaymentRefundCommand,
  state: Exclude<PaymentState, { status: 'empty' }>,
): PaymentEvent[] {
  requireNonEmptyString(command.data.refundId, 'refundId', MAX_TEXT);
  const { paymentId, orderId } = state;
  const { refundId } = command.data;
  switch (command.type) {
    case 'RequestRefund': {
      const { amount, reason, attempt, requestedAt } = command.data;
      requirePositiveInteger(amount, 'amount');
      requireNonEmptyString(reason, 'reason', MAX_TEXT);
      requirePositiveInteger(attempt, 'attempt', 1000);
      requireIsoTimestamp(requestedAt, 'requestedAt');
      const taken = requireTaken(state);
      const requested: PaymentEvent = {
        type: 'RefundRequested',
        data: {
          paymentId,
          orderId,
          refundId,
          amount,
          currency: state.currency,
          reason,
          attempt,
          requestedAt,
        },
      };
      const existing = taken.refunds.find((r) => r.refundId === refundId);
      if (existing) {
        if (existing.amount !== amount) {
          throw invalidState(`refund ${refundId} was asked already for ${existing.amount}`, { refundId });
        }
        return existing.status === 'requested' && attempt > existing.attempt ? [requested] : [];
      }
      const refundable = taken.amount - heldByRefunds(taken.refunds);
      if (amount > refundable) {
        throw new OrderflowError(
          'REFUND_EXCEEDS_PAYMENT',
          `refund of ${amount} asked, ${refundable} left to refund`,
          {
            paymentId,
            refundable,
          },
        );
      }
      return [requested];
    }
    case 'CompleteRefund': {
      const { providerRef, completedAt } = command.data;
      requireNonEmptyString(providerRef, 'providerRef', MAX_TEXT);
      requireIsoTimestamp(completedAt, 'completedAt');
      const refund = knownRefund(state, refundId);
      if (refund.status === 'completed') return [];
      const { amount } = refund;
      const currency = state.currency;
      return [
        {
          type: 'RefundCompleted',
          data: { paymentId, orderId, refundId, amount, currency, providerRef, completedAt },
        },
      ];
    }
    case 'FailRefund': {
      const { reason, failedAt } = command.data;
      requireNonEmptyString(reason, 'reason', MAX_TEXT);
      requireIsoTimestamp(failedAt, 'failedAt');
      const refund = knownRefund(state, refundId);
      if (refund.status === 'failed') return [];
      if (refund.status === 'completed') {
        throw invalidState(`refund ${refundId} is completed; it cannot fail`, { refundId });
      }
      return [
        {
          type: 'RefundFailed',
          data: { paymentId, orderId, refundId, amount: refund.amount, reason, failedAt },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown refund command', { field: 'type' });
    }
  }
}

function requireTaken(state: Exclude<PaymentState, { status: 'empty' }>): Taken {
  if (state.status === 'confirmed' || (state.status === 'voided' && state.lateCapture)) return state;
  throw invalidState(`a ${state.status} payment has no money to refund`, {
    paymentId: state.paymentId,
    status: state.status,
  });
}

function knownRefund(state: Exclude<PaymentState, { status: 'empty' }>, refundId: string): PaymentRefund {
  const refund = 'refunds' in state ? state.refunds.find((r) => r.refundId === refundId) : undefined;
  if (!refund) {
    throw new OrderflowError('NOT_FOUND', `payment ${state.paymentId} has no refund ${refundId}`, {
      refundId,
    });
  }
  return refund;
}
