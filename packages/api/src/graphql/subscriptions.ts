import type { OrderStatusChange } from '@orderflow/projections';
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
