import type { OrderStatusChange, StockAlertChange } from '@orderflow/projections';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/principal.ts';

/** The part of mercurius' pubsub the API uses. */
export interface PubSub {
  subscribe(topics: string | string[]): Promise<unknown>;
  publish(event: { topic: string; payload: unknown }, callback?: () => void): void;
}

/** What a subscription's `subscribe` gets: the pubsub, the app, and the connection's principal. */
export interface SubscriptionContext {
  readonly pubsub: PubSub;
  readonly app: FastifyInstance;
  /** From the connection_init payload's `authorization`; null without a valid key. */
  readonly principal?: Principal | null;
}

/** The pubsub topic of one order's status changes. */
export const orderStatusTopic = (orderId: string): string => `orderStatusChanged:${orderId}`;

/** Publishes status changes (from the order-details projection, after its batch committed). */
export function publishOrderStatusChanges(pubsub: PubSub, changes: readonly OrderStatusChange[]): void {
  for (const change of changes)
    pubsub.publish({
      topic: orderStatusTopic(change.orderId),
      payload: {
        orderStatusChanged: {
          orderId: change.orderId,
          status: change.status,
          cancellationReason: change.cancellationReason,
          position: change.position.toString(),
          at: change.at.toISOString(),
        },
      },
    });
}

/** The pubsub topic of low-stock alerts (every SKU). */
export const STOCK_ALERTS_TOPIC = 'stockAlerts';

/** Publishes a low-stock alert raised or cleared (from the stock-alerts projection, after commit). */
export function publishStockAlert(pubsub: PubSub, alert: StockAlertChange): void {
  pubsub.publish({
    topic: STOCK_ALERTS_TOPIC,
    payload: {
      stockAlerts: {
        sku: alert.sku,
        low: alert.low,
        available: alert.available,
        threshold: alert.threshold,
        position: alert.position.toString(),
        at: alert.at.toISOString(),
      },
    },
  });
}
