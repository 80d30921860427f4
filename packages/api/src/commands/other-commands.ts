import type { Clock, CommandRunner } from '@orderflow/core';
import { inventoryDecider, inventoryStream, orderDecider, orderStream } from '@orderflow/domain';

/**
 * Cancels an order on the customer's behalf (reason CUSTOMER_CANCELLED); the fulfillment
 * process manager then releases its stock and voids its payment.
 * @returns the position of OrderCancelled, or null when it was cancelled already.
 * @throws NOT_FOUND (no such order), INVALID_STATE (already confirmed).
 */
export async function cancelOrder(run: CommandRunner, clock: Clock, orderId: string): Promise<bigint | null> {
  const result = await run(orderDecider, orderStream(orderId), {
    type: 'CancelOrder',
    data: { orderId, reason: 'CUSTOMER_CANCELLED', cancelledAt: clock.now().toISOString() },
    metadata: { correlationId: orderId },
  });
  return result.position;
}

/**
 * Hands a confirmed order to `carrier` under `trackingNumber` (OrderShipped).
 * @returns the position of OrderShipped, or null when it was shipped so already.
 * @throws VALIDATION_FAILED, NOT_FOUND, INVALID_STATE (not confirmed, or shipped otherwise).
 */
export async function shipOrder(
  run: CommandRunner,
  clock: Clock,
  input: { orderId: string; carrier: string; trackingNumber: string },
): Promise<bigint | null> {
  const result = await run(orderDecider, orderStream(input.orderId), {
    type: 'ShipOrder',
    data: { ...input, shippedAt: clock.now().toISOString() },
    metadata: { correlationId: input.orderId },
  });
  return result.position;
}

/**
 * Records that a shipped order reached the customer (OrderDelivered).
 * @returns the position of OrderDelivered, or null when it was delivered already.
 * @throws NOT_FOUND, INVALID_STATE (not shipped).
 */
export async function markDelivered(
  run: CommandRunner,
  clock: Clock,
  orderId: string,
): Promise<bigint | null> {
  const result = await run(orderDecider, orderStream(orderId), {
    type: 'MarkDelivered',
    data: { orderId, deliveredAt: clock.now().toISOString() },
    metadata: { correlationId: orderId },
  });
  return result.position;
}

/**
 * Registers a product with its initial stock (units). unitPrice in minor units.
 * @throws VALIDATION_FAILED, ALREADY_EXISTS.
 */
export async function registerProduct(
  run: CommandRunner,
  input: {
    sku: string;
    name: string;
    unitPrice: number;
    currency: string;
    initialStock: number;
    lowStockThreshold?: number;
  },
): Promise<bigint> {
  const result = await run(inventoryDecider, inventoryStream(input.sku), {
    type: 'RegisterProduct',
    data: input,
  });
  return result.position!;
}

/**
 * Sets a product's catalog price (`unitPrice`, minor units of its currency).
 * @returns the price now and the position of PriceChanged (null when it was that price already).
 * @throws VALIDATION_FAILED, NOT_FOUND (product not registered).
 */
export async function changePrice(
  run: CommandRunner,
  sku: string,
  unitPrice: number,
): Promise<{ unitPrice: number; position: bigint | null }> {
  const result = await run(inventoryDecider, inventoryStream(sku), {
    type: 'ChangePrice',
    data: { sku, unitPrice },
  });
  return { unitPrice, position: result.position };
}

/**
 * Adds `quantity` units to a product's stock.
 * @throws VALIDATION_FAILED, NOT_FOUND.
 */
export async function restock(run: CommandRunner, sku: string, quantity: number): Promise<bigint> {
  const result = await run(inventoryDecider, inventoryStream(sku), {
    type: 'Restock',
    data: { sku, quantity },
  });
  return result.position!;
}
