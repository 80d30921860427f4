import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import { requireIsoTimestamp, requireNonEmptyString, requireSameId } from '../shared/validation.ts';
import {
  ORDER_CANCELLATION_REASONS,
  type OrderCancellationReason,
  type OrderEvent,
  type OrderLine,
  type OrderState,
} from './events.ts';
import { validatePlaceOrder } from './validate-place-order.ts';

/**
 * Place a new order. Each line's `unitPrice` is the catalog price of its SKU (minor units of
 * `currency`, ISO 4217), looked up by the application service before the command is decided:
 * the order records it as its price snapshot (`priceSource: 'catalog'`). `placedAt` is an
 * ISO-8601 date-time. See {@link validatePlaceOrder} for the input rules.
 */
export type PlaceOrder = Command<
  'PlaceOrder',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly lines: readonly OrderLine[];
    readonly currency: string;
    readonly placedAt: string;
    /** Where the order ships; optional (1–60 characters, trimmed). */
    readonly shippingCountry?: string | null;
  }
>;

/** Confirm a pending order (stock reserved, payment confirmed). `confirmedAt` is ISO-8601. */
export type ConfirmOrder = Command<
  'ConfirmOrder',
  { readonly orderId: string; readonly confirmedAt: string }
>;

/** Cancel a pending order for `reason`. `cancelledAt` is ISO-8601. */
export type CancelOrder = Command<
  'CancelOrder',
  { readonly orderId: string; readonly reason: OrderCancellationReason; readonly cancelledAt: string }
>;

/** Every command of the order decider. */
export type OrderCommand = PlaceOrder | ConfirmOrder | CancelOrder;

/**
 * Decides what an order command does to the order in `state`. Pure.
 * - PlaceOrder: valid input on an empty stream → [OrderCreated];
 * - ConfirmOrder: pending → [OrderConfirmed]; confirmed → [] (idempotent);
 * - CancelOrder: pending → [OrderCancelled]; cancelled → [] (idempotent).
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field` names it), checked
 *   before the state; ALREADY_EXISTS for PlaceOrder on an existing order; NOT_FOUND for
 *   Confirm/Cancel of a missing order; INVALID_STATE for confirming a cancelled order or
 *   cancelling a confirmed one.
 */
export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command.data, state);
    case 'ConfirmOrder':
      return confirmOrder(command.data, state);
    case 'CancelOrder':
      return cancelOrder(command.data, state);
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown order command', { field: 'type' });
    }
  }
}

function placeOrder(data: PlaceOrder['data'], state: OrderState): OrderEvent[] {
  const total = validatePlaceOrder(data);
  if (state.status !== 'empty') {
    throw new OrderflowError('ALREADY_EXISTS', `order ${data.orderId} exists already`, {
      orderId: data.orderId,
    });
  }
  const { orderId, customerId, currency, placedAt } = data;
  const shippingCountry = data.shippingCountry ?? null;
  // Copy the lines so that no extra input properties end up in the event.
  const lines = data.lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice }));
  return [
    {
      type: 'OrderCreated',
      data: {
        orderId,
        customerId,
        lines,
        total,
        currency,
        placedAt,
        shippingCountry,
        priceSource: 'catalog',
      },
    },
  ];
}

function confirmOrder(data: ConfirmOrder['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  requireIsoTimestamp(data.confirmedAt, 'confirmedAt');
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  switch (state.status) {
    case 'pending':
      return [{ type: 'OrderConfirmed', data: { orderId: data.orderId, confirmedAt: data.confirmedAt } }];
    case 'confirmed':
      return [];
    case 'cancelled':
      throw invalidState('a cancelled order cannot be confirmed', {
        orderId: data.orderId,
        status: state.status,
      });
    default: {
      const _exhaustive: never = state;
      return [];
    }
  }
}

function cancelOrder(data: CancelOrder['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  if (!(ORDER_CANCELLATION_REASONS as readonly unknown[]).includes(data.reason)) {
    throw validationFailed(`reason must be one of ${ORDER_CANCELLATION_REASONS.join(', ')}`, {
      field: 'reason',
    });
  }
  requireIsoTimestamp(data.cancelledAt, 'cancelledAt');
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  switch (state.status) {
    case 'pending': {
      const { orderId, reason, cancelledAt } = data;
      return [{ type: 'OrderCancelled', data: { orderId, reason, cancelledAt } }];
    }
    case 'cancelled':
      return [];
    case 'confirmed':
      throw invalidState('a confirmed order cannot be cancelled; refunds come later', {
        orderId: data.orderId,
        status: state.status,
      });
    default: {
      const _exhaustive: never = state;
      return [];
    }
  }
}

const notFound = (orderId: string) =>
  new OrderflowError('NOT_FOUND', `order ${orderId} does not exist`, { orderId });
