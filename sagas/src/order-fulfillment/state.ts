import type { RecordedEvent } from '@orderflow/core';
import type { OrderCancellationReason, OrderCreated } from '@orderflow/domain';

/** Where one line's stock is. */
export type LineStatus = 'pending' | 'reserved' | 'failed' | 'released' | 'committed';

/**
 * The fulfillment of one order:
 * reserving → awaiting_payment → confirming → completed, or → compensating → compensated.
 */
export interface FulfillmentState {
  readonly orderId: string;
  readonly total: number;
  readonly currency: string;
  readonly status:
    'reserving' | 'awaiting_payment' | 'confirming' | 'compensating' | 'completed' | 'compensated';
  readonly lines: ReadonlyArray<{
    readonly sku: string;
    readonly quantity: number;
    readonly status: LineStatus;
  }>;
  readonly payment: 'none' | 'requested' | 'confirmed' | 'failed' | 'voided';
  readonly order: 'pending' | 'confirmed' | 'cancelled';
  readonly reason: OrderCancellationReason | null;
}

/** The event types the process manager reacts to; every one carries `data.orderId`. */
export const FULFILLMENT_EVENTS = [
  'OrderCreated',
  'OrderConfirmed',
  'OrderCancelled',
  'StockReserved',
  'StockReservationFailed',
  'StockReleased',
  'StockCommitted',
  'PaymentRequested',
  'PaymentConfirmed',
  'PaymentFailed',
  'PaymentVoided',
] as const;

const skuOf = (event: RecordedEvent) => (event.data as { sku: string }).sku;

const withLine = (s: FulfillmentState, sku: string, status: LineStatus): FulfillmentState => ({
  ...s,
  lines: s.lines.map((l) => (l.sku === sku ? { ...l, status } : l)),
});

/** True when every line but `sku` is reserved (so reserving `sku` completes the set). */
export const othersReserved = (s: FulfillmentState, sku: string): boolean =>
  s.lines.every((l) => l.sku === sku || l.status === 'reserved');

/** The reserved lines' SKUs. */
export const reservedSkus = (s: FulfillmentState): string[] =>
  s.lines.filter((l) => l.status === 'reserved').map((l) => l.sku);

/** The terminal status reached, if any: completed or compensated. */
function settle(s: FulfillmentState): FulfillmentState {
  if (
    s.status === 'confirming' &&
    s.order === 'confirmed' &&
    s.lines.every((l) => l.status === 'committed')
  ) {
    return { ...s, status: 'completed' };
  }
  if (
    s.status === 'compensating' &&
    s.order === 'cancelled' &&
    s.lines.every((l) => l.status !== 'pending' && l.status !== 'reserved') &&
    s.payment !== 'requested' &&
    s.payment !== 'confirmed'
  ) {
    return { ...s, status: 'compensated' };
  }
  return s;
}

const compensate = (s: FulfillmentState, reason: OrderCancellationReason): FulfillmentState =>
  s.status === 'reserving' || s.status === 'awaiting_payment' || s.status === 'confirming'
    ? { ...s, status: 'compensating', reason }
    : s;

/** Folds one event into the fulfillment state (null: no instance, and this event starts none). */
export function evolveFulfillment(
  state: FulfillmentState | null,
  event: RecordedEvent,
): FulfillmentState | null {
  if (state === null) {
    if (event.type !== 'OrderCreated') return null;
    const data = event.data as OrderCreated['data'];
    return {
      orderId: data.orderId,
      total: data.total,
      currency: data.currency,
      status: 'reserving',
      lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, status: 'pending' })),
      payment: 'none',
      order: 'pending',
      reason: null,
    };
  }
  const s = state;
  switch (event.type) {
    case 'StockReserved': {
      const next = withLine(s, skuOf(event), 'reserved');
      return s.status === 'reserving' && othersReserved(s, skuOf(event))
        ? { ...next, status: 'awaiting_payment' }
        : next;
    }
    case 'StockReservationFailed':
      return settle(
        compensate(
          withLine(s, skuOf(event), 'failed'),
          s.status === 'reserving' ? 'OUT_OF_STOCK' : (s.reason ?? 'OUT_OF_STOCK'),
        ),
      );
    case 'StockReleased':
      return settle(withLine(s, skuOf(event), 'released'));
    case 'StockCommitted':
      return settle(withLine(s, skuOf(event), 'committed'));
    case 'PaymentRequested':
      return settle({ ...s, payment: s.payment === 'none' ? 'requested' : s.payment });
    case 'PaymentConfirmed':
      return s.status === 'awaiting_payment'
        ? { ...s, payment: 'confirmed', status: 'confirming' }
        : settle({ ...s, payment: 'confirmed' });
    case 'PaymentFailed':
      return settle(
        s.status === 'awaiting_payment'
          ? compensate({ ...s, payment: 'failed' }, 'PAYMENT_FAILED')
          : { ...s, payment: 'failed' },
      );
    case 'PaymentVoided':
      return settle({ ...s, payment: 'voided' });
    case 'OrderConfirmed':
      return settle({ ...s, order: 'confirmed' });
    case 'OrderCancelled': {
      const reason = (event.data as { reason: OrderCancellationReason }).reason;
      return settle(compensate({ ...s, order: 'cancelled' }, s.reason ?? reason));
    }
    default:
      return s;
  }
}
