import type { RecordedEvent } from '@orderflow/core';
import type { SagaCommand } from '../runtime/process-manager.ts';
import { othersReserved, reservedSkus, type FulfillmentState } from './state.ts';

type Out = Omit<SagaCommand, 'commandId'>;

/**
 * The commands OrderFulfillment sends in reaction to `event`, given the state before it.
 * - OrderCreated → ReserveStock per line;
 * - the last line reserved → RequestPayment (paymentId = orderId);
 * - a line failed while reserving → ReleaseStock for reserved lines, CancelOrder(OUT_OF_STOCK);
 * - PaymentConfirmed → CommitStock per line, ConfirmOrder;
 * - PaymentFailed → ReleaseStock for reserved lines, CancelOrder(PAYMENT_FAILED);
 * - the order cancelled by the customer → ReleaseStock for reserved lines, VoidPayment if one
 *   was requested or confirmed;
 * - while compensating, a late StockReserved is released and a late payment voided.
 * `at` (ISO-8601) is the event's recordedAt, so replays decide identically.
 */
export function decideFulfillment(event: RecordedEvent, s: FulfillmentState | null): Out[] {
  const at = event.metadata.recordedAt.toISOString();
  if (s === null) {
    if (event.type !== 'OrderCreated') return [];
    const data = event.data as { orderId: string; lines: Array<{ sku: string; quantity: number }> };
    return data.lines.map((l) => ({
      type: 'ReserveStock',
      data: { sku: l.sku, orderId: data.orderId, quantity: l.quantity },
    }));
  }
  const orderId = s.orderId;
  const release = (skus: string[]): Out[] =>
    skus.map((sku) => ({ type: 'ReleaseStock', data: { sku, orderId } }));
  const cancel = (reason: string): Out => ({
    type: 'CancelOrder',
    data: { orderId, reason, cancelledAt: at },
  });
  const voidPayment = (reason: string): Out => ({
    type: 'VoidPayment',
    data: { paymentId: orderId, reason, voidedAt: at },
  });
  const compensating = s.status === 'compensating' || s.status === 'compensated';

  switch (event.type) {
    case 'StockReserved': {
      const sku = (event.data as { sku: string }).sku;
      if (compensating) return release([sku]);
      if (s.status === 'reserving' && othersReserved(s, sku)) {
        return [
          {
            type: 'RequestPayment',
            data: { paymentId: orderId, orderId, amount: s.total, currency: s.currency, requestedAt: at },
          },
        ];
      }
      return [];
    }
    case 'StockReservationFailed':
      return s.status === 'reserving' ? [...release(reservedSkus(s)), cancel('OUT_OF_STOCK')] : [];
    case 'PaymentRequested':
      return compensating ? [voidPayment(`order cancelled: ${s.reason ?? 'unknown'}`)] : [];
    case 'PaymentConfirmed':
      if (s.status === 'awaiting_payment') {
        return [
          ...s.lines.map((l) => ({ type: 'CommitStock', data: { sku: l.sku, orderId } })),
          { type: 'ConfirmOrder', data: { orderId, confirmedAt: at } },
        ];
      }
      return compensating
        ? [voidPayment(`payment confirmed after the order was cancelled (${s.reason ?? 'unknown'})`)]
        : [];
    case 'PaymentFailed':
      return s.status === 'awaiting_payment' ? [...release(reservedSkus(s)), cancel('PAYMENT_FAILED')] : [];
    case 'OrderCancelled': {
      if (compensating) return [];
      const out = release(reservedSkus(s));
      if (s.payment === 'requested' || s.payment === 'confirmed')
        out.push(voidPayment('order cancelled by the customer'));
      return out;
    }
    default:
      return [];
  }
}
