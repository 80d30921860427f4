import type { CommandRunner } from '@orderflow/core';
import {
  inventoryDecider,
  inventoryStream,
  orderDecider,
  orderStream,
  paymentDecider,
  paymentStream,
} from '@orderflow/domain';

const now = () => new Date().toISOString();

/** Registers `sku` at 250 GBP minor units with `stock` units on hand. */
export async function registerProduct(run: CommandRunner, sku: string, stock: number): Promise<void> {
  await run(inventoryDecider, inventoryStream(sku), {
    type: 'RegisterProduct',
    data: { sku, name: `Product ${sku}`, unitPrice: 250, currency: 'GBP', initialStock: stock },
  });
}

/**
 * The commands of one happy order, as the process manager would send them, on its own streams
 * and the SKU's: PlaceOrder, ReserveStock, RequestPayment, and — unless `untilPaymentRequested`
 * — ConfirmPayment, ConfirmOrder, CommitStock. Correlation id = orderId; paymentId = orderId.
 * Appends 6 events (4 when stopping at the payment request).
 */
export async function runOrderFlow(
  run: CommandRunner,
  {
    orderId,
    sku,
    untilPaymentRequested = false,
  }: { orderId: string; sku: string; untilPaymentRequested?: boolean },
): Promise<void> {
  const metadata = { correlationId: orderId };
  const paymentId = orderId;
  await run(orderDecider, orderStream(orderId), {
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId: 'c-1',
      lines: [{ sku, quantity: 1, unitPrice: 250 }],
      currency: 'GBP',
      placedAt: now(),
      shippingCountry: 'United Kingdom',
    },
    metadata,
  });
  await run(inventoryDecider, inventoryStream(sku), {
    type: 'ReserveStock',
    data: { sku, orderId, quantity: 1 },
    metadata,
  });
  await run(paymentDecider, paymentStream(paymentId), {
    type: 'RequestPayment',
    data: { paymentId, orderId, amount: 250, currency: 'GBP', requestedAt: now() },
    metadata,
  });
  if (untilPaymentRequested) return;
  await run(paymentDecider, paymentStream(paymentId), {
    type: 'ConfirmPayment',
    data: { paymentId, providerRef: `ch-${orderId}`, confirmedAt: now() },
    metadata,
  });
  await run(orderDecider, orderStream(orderId), {
    type: 'ConfirmOrder',
    data: { orderId, confirmedAt: now() },
    metadata,
  });
  await run(inventoryDecider, inventoryStream(sku), {
    type: 'CommitStock',
    data: { sku, orderId },
    metadata,
  });
}
