import type { OrderStatus, OrderStatusChange } from '@orderflow/projections';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { listen, type Listener } from './listen.ts';
import { notifyAll } from './notify.ts';

/** Postgres NOTIFY channel of order status changes, for API processes without the projector. */
export const ORDER_STATUS_CHANNEL = 'orderflow_order_status';

/** Postgres refuses a NOTIFY payload of 8000 bytes or more; stay well below. */
const MAX_PAYLOAD_CHARS = 7000;

type Wire = [orderId: string, status: string, reason: string | null, position: string, at: string];

/**
 * Sends `changes` on {@link ORDER_STATUS_CHANNEL}, as JSON arrays of
 * `[orderId, status, cancellationReason, position, at]` in as few notifications as fit the
 * payload limit — outside any transaction, after the order-details batch committed, so a
 * listener never hears of a change that is not in the read model. Best effort: an error is
 * logged (subscribers then miss that push; queries still answer).
 */
export async function notifyOrderStatusChanges(
  db: Knex,
  changes: readonly OrderStatusChange[],
  logger: Logger,
): Promise<void> {
  const payloads: string[] = [];
  let chunk: string[] = [];
  let size = 2;
  for (const c of changes) {
    const wire: Wire = [c.orderId, c.status, c.cancellationReason, c.position.toString(), c.at.toISOString()];
    const item = JSON.stringify(wire);
    if (size + item.length + 1 > MAX_PAYLOAD_CHARS && chunk.length > 0) {
      payloads.push(`[${chunk.join(',')}]`);
      chunk = [];
      size = 2;
    }
    chunk.push(item);
    size += item.length + 1;
  }
  if (chunk.length > 0) payloads.push(`[${chunk.join(',')}]`);
  await notifyAll(db, ORDER_STATUS_CHANNEL, payloads, logger, 'order status changes');
}

/**
 * Listens on {@link ORDER_STATUS_CHANNEL} (one dedicated connection of `db`, reconnecting) and
 * hands every change heard to `onChanges`. Changes notified while the connection is down are
 * lost: subscriptions miss those pushes.
 */
export function listenOrderStatusChanges(
  db: Knex,
  onChanges: (changes: OrderStatusChange[]) => void,
  logger: Logger,
): Listener {
  return listen(
    db,
    ORDER_STATUS_CHANNEL,
    (payload) => {
      try {
        const wires = JSON.parse(payload) as Wire[];
        onChanges(
          wires.map(([orderId, status, cancellationReason, position, at]) => ({
            orderId,
            status: status as OrderStatus,
            cancellationReason,
            position: BigInt(position),
            at: new Date(at),
          })),
        );
      } catch (err) {
        logger.warn({ err }, 'unreadable order status notification');
      }
    },
    logger,
  );
}
