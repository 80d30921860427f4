import type { SagaOverview } from '../runtime/overview.ts';
import type { FulfillmentState } from './state.ts';

/** What an order's fulfillment waits for, by its status. */
function currentStep(s: FulfillmentState): string {
  switch (s.status) {
    case 'reserving': {
      const reserved = s.lines.filter((l) => l.status === 'reserved').length;
      return `reserving stock (${reserved}/${s.lines.length} lines)`;
    }
    case 'awaiting_payment':
      return 'awaiting payment';
    case 'confirming':
      return 'confirming the order';
    case 'compensating': {
      const undo = [
        s.lines.some((l) => l.status === 'reserved') && 'releasing stock',
        (s.payment === 'requested' || s.payment === 'confirmed') && 'voiding the payment',
        s.order !== 'cancelled' && 'cancelling the order',
      ].filter(Boolean);
      return `compensating${undo.length ? `: ${undo.join(', ')}` : ''}`;
    }
    case 'completed':
      return 'order confirmed';
    case 'compensated':
      return 'order cancelled, effects undone';
    default: {
      const _exhaustive: never = s.status;
      return String(_exhaustive);
    }
  }
}

/**
 * The operator's overview of an order's fulfillment: outcome `CONFIRMED` once the order is
 * confirmed, else its cancellation reason (OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT,
 * COUPON_REJECTED, …) once compensating; searchable by order id, customer id and SKUs.
 */
export function fulfillmentOverview(s: FulfillmentState): SagaOverview {
  const outcome = s.order === 'confirmed' ? 'CONFIRMED' : s.reason;
  return {
    orderId: s.orderId,
    customerId: s.customerId ?? null,
    total: s.total,
    currency: s.currency,
    outcome,
    currentStep: currentStep(s),
    searchKeys: [s.orderId, ...(s.customerId ? [s.customerId] : []), ...s.lines.map((l) => l.sku)],
  };
}
