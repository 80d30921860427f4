import { deterministicId, handleCommand, type CommandRunner } from '@orderflow/core';
import {
  inventoryDecider,
  inventoryStream,
  orderDecider,
  orderStream,
  paymentDecider,
  paymentStream,
} from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';

/** Registers `sku` with `stock` units at 250 GBP minor units. */
export async function registerProduct(run: CommandRunner, sku: string, stock: number): Promise<void> {
  await run(inventoryDecider, inventoryStream(sku), {
    type: 'RegisterProduct',
    data: { sku, name: `Product ${sku}`, unitPrice: 250, currency: 'GBP', initialStock: stock },
  });
}

/** Places order `orderId` of `quantity` units of each of `skus`. */
export async function placeOrder(run: CommandRunner, orderId: string, skus: readonly string[], quantity = 1) {
  await run(orderDecider, orderStream(orderId), {
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId: `customer-${orderId.slice(0, 4)}`,
      lines: skus.map((sku) => ({ sku, quantity, unitPrice: 250 })),
      currency: 'GBP',
      placedAt: new Date().toISOString(),
    },
  });
}

/** Answers a payment as the provider would: confirmed, or failed with a reason. */
export async function answerPayment(store: EventStore, paymentId: string, approve: boolean): Promise<void> {
  const at = new Date().toISOString();
  await handleCommand(store, paymentDecider, paymentStream(paymentId), {
    ...(approve
      ? {
          type: 'ConfirmPayment' as const,
          data: { paymentId, providerRef: `test-${paymentId.slice(0, 6)}`, confirmedAt: at },
        }
      : { type: 'FailPayment' as const, data: { paymentId, reason: 'DECLINED_IN_TEST', failedAt: at } }),
    metadata: { commandId: deterministicId('test-provider', paymentId) },
  });
}

/** Counts events of `$all` by `type|orderId|sku` (sku empty when the event has none). */
export async function countEffects(store: EventStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let after = 0n; ;) {
    const events = await store.readAll({ after, maxCount: 5000 });
    if (events.length === 0) return counts;
    for (const e of events) {
      const d = e.data as { orderId?: string; sku?: string };
      const key = `${e.type}|${d.orderId ?? ''}|${d.sku ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    after = events.at(-1)!.position;
  }
}
