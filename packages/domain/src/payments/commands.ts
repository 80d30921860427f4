import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import {
  requireCurrency,
  requireIsoTimestamp,
  requireNonEmptyString,
  requirePositiveInteger,
  requireSameId,
} from '../shared/validation.ts';
import type { PaymentEvent, PaymentState } from './events.ts';
import { decidePaymentRefund, type PaymentRefundCommand } from './refund-commands.ts';

/** Ask for `amount` minor units (positive safe integer) of `currency` (ISO 4217) for an order. */
export type RequestPayment = Command<
  'RequestPayment',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly amount: number;
    readonly currency: string;
    readonly requestedAt: string;
  }
>;

/** Record the provider's confirmation (its callback); `providerRef` identifies the charge. */
export type ConfirmPayment = Command<
  'ConfirmPayment',
  { readonly paymentId: string; readonly providerRef: string; readonly confirmedAt: string }
>;

/** Record that the provider declined the payment, with a free-text `reason`. */
export type FailPayment = Command<
  'FailPayment',
  { readonly paymentId: string; readonly reason: string; readonly failedAt: string }
>;

/** Cancel the payment (compensation); refunds it when it had been confirmed. */
export type VoidPayment = Command<
  'VoidPayment',
  { readonly paymentId: string; readonly reason: string; readonly voidedAt: string }
>;

/** Every command of the payment decider. */
export type PaymentCommand =
  RequestPayment | ConfirmPayment | FailPayment | VoidPayment | PaymentRefundCommand;

/**
 * Decides what a payment command does. Pure. Repeats are no-ops, since providers and the
 * process manager deliver at least once:
 * - RequestPayment: empty → [PaymentRequested]; same orderId/amount/currency again → [];
 * - ConfirmPayment: requested → [PaymentConfirmed]; confirmed → []; voided before it was taken →
 *   [PaymentCapturedAfterVoid] once (the provider's answer came after the void: the money was
 *   taken and must go back, so it is recorded, not dropped); voided after it was taken → [];
 * - FailPayment: requested → [PaymentFailed]; failed or voided → [];
 * - VoidPayment: requested or confirmed → [PaymentVoided] (refunded = was confirmed);
 *   failed or voided → [];
 * - RequestRefund, CompleteRefund, FailRefund: see `decidePaymentRefund`.
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field`); NOT_FOUND for
 *   Confirm/Fail/Void of a payment never requested; INVALID_STATE for a RequestPayment that
 *   differs from the existing one, confirming a failed payment, or failing a confirmed one.
 */
export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  requireNonEmptyString(command.data.paymentId, 'paymentId');
  if (command.type === 'RequestPayment') return requestPayment(command.data, state);
  if (state.status === 'empty') {
    const { paymentId } = command.data;
    throw new OrderflowError('NOT_FOUND', `payment ${paymentId} does not exist`, { paymentId });
  }
  requireSameId(command.data.paymentId, state.paymentId, 'paymentId');
  const { paymentId, orderId } = state;
  switch (command.type) {
    case 'ConfirmPayment': {
      const { providerRef, confirmedAt } = command.data;
      requireNonEmptyString(providerRef, 'providerRef');
      requireIsoTimestamp(confirmedAt, 'confirmedAt');
      if (state.status === 'confirmed') return [];
      if (state.status === 'voided') {
        if (state.refunded || state.lateCapture) return [];
        const { amount, currency } = state;
        return [
          {
            type: 'PaymentCapturedAfterVoid',
            data: { paymentId, orderId, providerRef, amount, currency, capturedAt: confirmedAt },
          },
        ];
      }
      if (state.status !== 'requested') {
        throw invalidState(`a ${state.status} payment cannot be confirmed`, {
          paymentId,
          status: state.status,
        });
      }
      const { amount, currency } = state;
      return [
        {
          type: 'PaymentConfirmed',
          data: { paymentId, orderId, providerRef, amount, currency, confirmedAt },
        },
      ];
    }
    case 'FailPayment': {
      const { reason, failedAt } = command.data;
      requireNonEmptyString(reason, 'reason');
      requireIsoTimestamp(failedAt, 'failedAt');
      if (state.status === 'failed' || state.status === 'voided') return [];
      if (state.status === 'confirmed') {
        throw invalidState('a confirmed payment cannot fail; void it instead', {
          paymentId,
          status: state.status,
        });
      }
      return [{ type: 'PaymentFailed', data: { paymentId, orderId, reason, failedAt } }];
    }
    case 'VoidPayment': {
      const { reason, voidedAt } = command.data;
      requireNonEmptyString(reason, 'reason');
      requireIsoTimestamp(voidedAt, 'voidedAt');
      if (state.status === 'failed' || state.status === 'voided') return [];
      const refunded = state.status === 'confirmed';
      return [{ type: 'PaymentVoided', data: { paymentId, orderId, reason, refunded, voidedAt } }];
    }
    case 'RequestRefund':
    case 'CompleteRefund':
    case 'FailRefund':
      return decidePaymentRefund(command, state);
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown payment command', { field: 'type' });
    }
  }
}

function requestPayment(data: RequestPayment['data'], state: PaymentState): PaymentEvent[] {
  const { paymentId, orderId, amount, currency, requestedAt } = data;
  requireNonEmptyString(orderId, 'orderId');
  requirePositiveInteger(amount, 'amount');
  requireCurrency(currency, 'currency');
  requireIsoTimestamp(requestedAt, 'requestedAt');
  if (state.status === 'empty') {
    return [{ type: 'PaymentRequested', data: { paymentId, orderId, amount, currency, requestedAt } }];
  }
  requireSameId(paymentId, state.paymentId, 'paymentId');
  if (state.orderId === orderId && state.amount === amount && state.currency === currency) return [];
  throw invalidState(
    `payment ${paymentId} was requested already with a different order, amount or currency`,
    {
      paymentId,
      existing: { orderId: state.orderId, amount: state.amount, currency: state.currency },
    },
  );
}
