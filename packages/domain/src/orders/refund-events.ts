import type { Event } from '@orderflow/core';

/** Units of one order line given back by a refund, and the minor units they refund. */
export interface RefundLine {
  readonly sku: string;
  readonly quantity: number;
  /** Minor units of the order's currency refunded for these units (their share of the line's discounted amount). */
  readonly amount: number;
}

/**
 * A refund of a confirmed (shipped, delivered) order was asked for: `amount` minor units of
 * `currency` = Σ lines' amounts, to go back through the payment provider. `full` is true when it
 * refunds everything that was left (refundOrder without lines). `restockOnReturn`: the goods
 * came back and their units return to on-hand stock once the refund is done. `requestedAt` is
 * ISO-8601. The units are held for this refund until it is refunded or declined.
 */
export type OrderRefundRequested = Event<
  'OrderRefundRequested',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly lines: readonly RefundLine[];
    readonly amount: number;
    readonly currency: string;
    readonly full: boolean;
    readonly reason: string;
    readonly restockOnReturn: boolean;
    readonly requestedAt: string;
  }
>;

/**
 * The provider gave the refund's money back. `refundedTotal` is everything refunded on the order
 * so far, this refund included (minor units); `fullyRefunded` is true when it reaches the
 * order's total. `refundedAt` is ISO-8601.
 */
export type OrderRefunded = Event<
  'OrderRefunded',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly lines: readonly RefundLine[];
    readonly amount: number;
    readonly currency: string;
    readonly refundedTotal: number;
    readonly fullyRefunded: boolean;
    readonly reason: string;
    readonly restockOnReturn: boolean;
    readonly providerRef: string;
    readonly refundedAt: string;
  }
>;

/**
 * The refund did not happen (the provider refused it, or never answered): its units are free to
 * refund again and the order is as it was. `declinedAt` is ISO-8601.
 */
export type OrderRefundDeclined = Event<
  'OrderRefundDeclined',
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly reason: string;
    readonly declinedAt: string;
  }
>;

/** The refund events of an order stream. */
export type OrderRefundEvent = OrderRefundRequested | OrderRefunded | OrderRefundDeclined;

/** One refund of an order as the order keeps it. */
export interface OrderRefund {
  readonly refundId: string;
  readonly lines: readonly RefundLine[];
  readonly amount: number;
  readonly reason: string;
  readonly restockOnReturn: boolean;
  readonly status: 'requested' | 'refunded' | 'declined';
}

/** True for a refund that holds its units and money: asked for or done. */
export const isLive = (r: OrderRefund): boolean => r.status !== 'declined';

/** Minor units refunded (done) so far. */
export const refundedTotal = (refunds: readonly OrderRefund[]): number =>
  refunds.filter((r) => r.status === 'refunded').reduce((sum, r) => sum + r.amount, 0);

/** Units and minor units of `sku` held by live refunds. */
export function liveOnLine(refunds: readonly OrderRefund[], sku: string): { units: number; amount: number } {
  let units = 0;
  let amount = 0;
  for (const r of refunds.filter(isLive)) {
    for (const l of r.lines) {
      if (l.sku !== sku) continue;
      units += l.quantity;
      amount += l.amount;
    }
  }
  return { units, amount };
}

/**
 * The minor units that refunding `quantity` more units of a line refunds, exactly: with `net` =
 * quantity·unitPrice − discount (the line's discounted amount, OrderCreated v4) spread evenly
 * over its `lineQuantity` units, the first n units are worth ⌊n·net / lineQuantity⌋ (BigInt, so
 * no float rounding). This refund gets the worth of the units held after it minus what live
 * refunds already hold (`heldAmount`), at least 0; the last unit refunded gets the remainder, so
 * the refunds of a line add up to exactly `net`.
 */
export function refundAmount(
  net: number,
  lineQuantity: number,
  heldUnits: number,
  heldAmount: number,
  quantity: number,
): number {
  const units = heldUnits + quantity;
  const worth = units >= lineQuantity ? net : Number((BigInt(units) * BigInt(net)) / BigInt(lineQuantity));
  return Math.max(0, worth - heldAmount);
}
