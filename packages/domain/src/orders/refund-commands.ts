import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import {
  requireIsoTimestamp,
  requireNonEmptyString,
  requirePositiveInteger,
  requireSameId,
  requireSku,
} from '../shared/validation.ts';
import type { ConfirmedOrderState, OrderEvent, OrderState } from './events.ts';
import {
  liveOnLine,
  refundAmount,
  refundedTotal,
  type OrderRefund,
  type RefundLine,
} from './refund-events.ts';

/** Longest refund reason and id, in UTF-16 code units. */
export const MAX_REFUND_TEXT_LENGTH = 200;

/** Most lines one refund may name. */
export const MAX_REFUND_LINES = 100;

/**
 * Ask for a refund of a confirmed, shipped or delivered order: `lines` names SKUs of the order and
 * how many of their units to refund (each SKU once); without lines, everything not refunded yet.
 * `reason` is free text (1–200), `refundId` (1–200) names the refund, `restockOnReturn` says the
 * goods came back (their units go back on hand once refunded). `requestedAt` is ISO-8601.
 */
export type RequestOrderRefund = Command<
  'RequestOrderRefund',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly lines?: ReadonlyArray<{ readonly sku: string; readonly quantity: number }> | null;
    readonly reason: string;
    readonly restockOnReturn: boolean;
    readonly requestedAt: string;
  }
>;

/** Record that the provider refunded `refundId` (reference `providerRef`). `refundedAt` is ISO-8601. */
export type CompleteOrderRefund = Command<
  'CompleteOrderRefund',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly providerRef: string;
    readonly refundedAt: string;
  }
>;

/** Record that refund `refundId` did not happen (compensation), with a free-text `reason`. */
export type DeclineOrderRefund = Command<
  'DeclineOrderRefund',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly reason: string;
    readonly declinedAt: string;
  }
>;

/** The refund commands of the order decider. */
export type OrderRefundCommand = RequestOrderRefund | CompleteOrderRefund | DeclineOrderRefund;

/**
 * Decides a refund command. Pure.
 * - RequestOrderRefund: confirmed, shipped or delivered → [OrderRefundRequested] with each
 *   line's exact share of its discounted amount ({@link refundAmount}); the same refundId again
 *   → [] (a retry);
 * - CompleteOrderRefund: requested → [OrderRefunded] (fullyRefunded when the refunds reach the
 *   total); refunded → []; declined → [OrderRefunded] too when its units are still free (the
 *   provider refunded after the order gave up waiting: the money went back, so it is recorded);
 * - DeclineOrderRefund: requested → [OrderRefundDeclined]; declined → [].
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input or a SKU the order does not have
 *   (`details.field`); NOT_FOUND for a missing order, or a refundId the order does not know;
 *   INVALID_STATE for a pending, cancelled or fully refunded order, declining a refunded
 *   refund, or a late completion whose units were refunded since; REFUND_EXCEEDS_PAYMENT for
 *   more units than are left to refund, or nothing left at all.
 */
export function decideRefund(command: OrderRefundCommand, state: OrderState): OrderEvent[] {
  const data = command.data;
  requireNonEmptyString(data.orderId, 'orderId');
  requireNonEmptyString(data.refundId, 'refundId', MAX_REFUND_TEXT_LENGTH);
  switch (command.type) {
    case 'RequestOrderRefund':
      return requestRefund(command.data, state);
    case 'CompleteOrderRefund': {
      requireNonEmptyString(command.data.providerRef, 'providerRef', MAX_REFUND_TEXT_LENGTH);
      requireIsoTimestamp(command.data.refundedAt, 'refundedAt');
      const { order, refund } = knownRefund(command.data, state);
      if (refund.status === 'refunded') return [];
      if (refund.status === 'declined' && !stillFree(order, refund)) {
        throw invalidState(`refund ${refund.refundId} was declined and its units refunded since`, {
          orderId: order.orderId,
          refundId: refund.refundId,
        });
      }
      const total = refundedTotal(order.refunds) + refund.amount;
      const { refundId, lines, amount, reason, restockOnReturn } = refund;
      return [
        {
          type: 'OrderRefunded',
          data: {
            orderId: order.orderId,
            refundId,
            lines,
            amount,
            currency: order.currency,
            refundedTotal: total,
            fullyRefunded: total >= order.total,
            reason,
            restockOnReturn,
            providerRef: command.data.providerRef,
            refundedAt: command.data.refundedAt,
          },
        },
      ];
    }
    case 'DeclineOrderRefund': {
      requireNonEmptyString(command.data.reason, 'reason', MAX_REFUND_TEXT_LENGTH);
      requireIsoTimestamp(command.data.declinedAt, 'declinedAt');
      const { order, refund } = knownRefund(command.data, state);
      if (refund.status === 'declined') return [];
      if (refund.status === 'refunded') {
        throw invalidState(`refund ${refund.refundId} is refunded already`, { refundId: refund.refundId });
      }
      const { refundId, amount } = refund;
      const { reason, declinedAt } = command.data;
      return [
        {
          type: 'OrderRefundDeclined',
          data: { orderId: order.orderId, refundId, amount, reason, declinedAt },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown refund command', { field: 'type' });
    }
  }
}

function requireConfirmed(orderId: string, state: OrderState): ConfirmedOrderState {
  if (state.status === 'empty') {
    throw new OrderflowError('NOT_FOUND', `order ${orderId} does not exist`, { orderId });
  }
  requireSameId(orderId, state.orderId, 'orderId');
  if (state.status === 'pending' || state.status === 'cancelled' || state.status === 'refunded') {
    throw invalidState(`a ${state.status} order cannot be refunded`, { orderId, status: state.status });
  }
  return state;
}

function knownRefund(
  data: { orderId: string; refundId: string },
  state: OrderState,
): { order: Extract<OrderState, { refunds: unknown }>; refund: OrderRefund } {
  if (state.status === 'empty') {
    throw new OrderflowError('NOT_FOUND', `order ${data.orderId} does not exist`, { orderId: data.orderId });
  }
  requireSameId(data.orderId, state.orderId, 'orderId');
  const refund = 'refunds' in state ? state.refunds.find((r) => r.refundId === data.refundId) : undefined;
  if (!refund || !('refunds' in state)) {
    throw new OrderflowError('NOT_FOUND', `order ${data.orderId} has no refund ${data.refundId}`, {
      orderId: data.orderId,
      refundId: data.refundId,
    });
  }
  return { order: state, refund };
}

/** True when a declined refund's units are not held by other live refunds since. */
function stillFree(order: ConfirmedOrderState, refund: OrderRefund): boolean {
  return refund.lines.every((l) => {
    const line = order.lines.find((o) => o.sku === l.sku);
    return !!line && liveOnLine(order.refunds, l.sku).units + l.quantity <= line.quantity;
  });
}

function requestRefund(data: RequestOrderRefund['data'], state: OrderState): OrderEvent[] {
  const { orderId, refundId, reason, restockOnReturn, requestedAt } = data;
  requireNonEmptyString(reason, 'reason', MAX_REFUND_TEXT_LENGTH);
  if (typeof restockOnReturn !== 'boolean') {
    throw validationFailed('restockOnReturn must be true or false', { field: 'restockOnReturn' });
  }
  requireIsoTimestamp(requestedAt, 'requestedAt');
  const requested = requireRefundLines(data.lines);
  const order = requireConfirmed(orderId, state);
  if (order.refunds.some((r) => r.refundId === refundId)) return [];
  const lines = requested === null ? remainingLines(order) : pricedLines(order, requested);
  const amount = lines.reduce((sum, l) => sum + l.amount, 0);
  if (amount <= 0) {
    throw new OrderflowError('REFUND_EXCEEDS_PAYMENT', `nothing is left to refund on order ${orderId}`, {
      orderId,
      refundable: 0,
    });
  }
  const { currency } = order;
  const full = requested === null;
  return [
    {
      type: 'OrderRefundRequested',
      data: { orderId, refundId, lines, amount, currency, full, reason, restockOnReturn, requestedAt },
    },
  ];
}

function requireRefundLines(
  lines: RequestOrderRefund['data']['lines'],
): Array<{ sku: string; quantity: number }> | null {
  if (lines === undefined || lines === null) return null;
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_REFUND_LINES) {
    throw validationFailed(`lines must name 1-${MAX_REFUND_LINES} order lines, or be left out`, {
      field: 'lines',
    });
  }
  const seen = new Set<string>();
  return lines.map((l, i) => {
    requireSku(l?.sku, `lines[${i}].sku`);
    requirePositiveInteger(l.quantity, `lines[${i}].quantity`);
    if (seen.has(l.sku))
      throw validationFailed(`${l.sku} appears more than once`, { field: `lines[${i}].sku` });
    seen.add(l.sku);
    return { sku: l.sku, quantity: l.quantity };
  });
}

/** Each requested line priced, after checking the order has it and enough units are left. */
function pricedLines(
  order: ConfirmedOrderState,
  requested: Array<{ sku: string; quantity: number }>,
): RefundLine[] {
  return requested.map(({ sku, quantity }, i) => {
    const line = order.lines.find((l) => l.sku === sku);
    if (!line) {
      throw validationFailed(`order ${order.orderId} has no line ${sku}`, { field: `lines[${i}].sku`, sku });
    }
    const held = liveOnLine(order.refunds, sku);
    const refundable = line.quantity - held.units;
    if (quantity > refundable) {
      throw new OrderflowError(
        'REFUND_EXCEEDS_PAYMENT',
        `${quantity} units of ${sku} asked, ${refundable} left to refund`,
        { sku, refundable },
      );
    }
    const net = line.quantity * line.unitPrice - line.discount;
    return { sku, quantity, amount: refundAmount(net, line.quantity, held.units, held.amount, quantity) };
  });
}

/** Every line's units not held by live refunds, priced: the rest of the order. */
function remainingLines(order: ConfirmedOrderState): RefundLine[] {
  const out: RefundLine[] = [];
  for (const line of order.lines) {
    const held = liveOnLine(order.refunds, line.sku);
    const quantity = line.quantity - held.units;
    if (quantity <= 0) continue;
    const net = line.quantity * line.unitPrice - line.discount;
    out.push({
      sku: line.sku,
      quantity,
      amount: refundAmount(net, line.quantity, held.units, held.amount, quantity),
    });
  }
  return out;
}
