import { OrderflowError, validationFailed } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { isUuid } from './endpoints.ts';
import { WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS } from './migration.ts';
import { deliveryId } from './outbox.ts';
import { WEBHOOK_EVENT_TYPES, webhookBody } from './payload.ts';

/** States of a delivery: waiting for an attempt, answered 2xx, or out of attempts. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One row of the delivery log. */
export interface Delivery {
  readonly id: string;
  readonly endpointId: string;
  readonly url: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly position: bigint;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** HTTP status of the last attempt; null before one, or when it got no answer. */
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

/**
 * The delivery log, newest first: at most `limit` (1..1000, default 50) rows, optionally of one
 * `status` or `endpointId`.
 * @throws OrderflowError VALIDATION_FAILED for an unknown status, a bad limit or endpoint id.
 */
export async function listDeliveries(
  db: Knex,
  filter: { status?: string; endpointId?: string; limit?: number } = {},
): Promise<Delivery[]> {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw validationFailed('limit must be an integer within 1..1000', { field: 'limit' });
  if (filter.status && !(DELIVERY_STATUSES as readonly string[]).includes(filter.status))
    throw validationFailed(`status must be one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' });
  if (filter.endpointId && !isUuid(filter.endpointId))
    throw validationFailed('endpoint must be an endpoint id (a UUID)', { field: 'endpoint' });
  const query = db(`${WEBHOOK_DELIVERIES} as d`)
    .join(`${WEBHOOK_ENDPOINTS} as e`, 'e.id', 'd.endpoint_id')
    .select('d.*', 'e.url')
    .orderBy([
      { column: 'd.position', order: 'desc' },
      { column: 'd.created_at', order: 'desc' },
    ])
    .limit(limit);
  if (filter.status) query.where('d.status', filter.status);
  if (filter.endpointId) query.where('d.endpoint_id', filter.endpointId);
  const rows: Array<Record<string, any>> = await query;
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    url: r.url,
    eventId: r.event_id,
    eventType: r.event_type,
    position: BigInt(r.position),
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  }));
}

/**
 * Sends one delivery again: it becomes pending, due now, with a fresh budget of attempts
 * (whatever its status; a delivered one goes again, and the receiver drops it by its
 * idempotency key unless it wants it).
 * @throws OrderflowError NOT_FOUND for an unknown delivery id.
 */
export async function replayDelivery(db: Knex, id: string): Promise<void> {
  const updated = isUuid(id)
    ? await db(WEBHOOK_DELIVERIES)
        .where({ id })
        .update({ status: 'pending', attempts: 0, next_attempt_at: db.fn.now() })
    : 0;
  if (updated === 0) throw new OrderflowError('NOT_FOUND', `no webhook delivery ${id}`, { id });
}

/**
 * Sends again every alert recorded after `from` (a `$all` position) to every endpoint that takes
 * its type, or only to `endpointId`: missing deliveries are created (an endpoint registered after
 * the alert), existing ones become pending, due now, with a fresh budget of attempts. Reads the
 * alerts from the event store, 1000 at a time. Returns how many deliveries were (re)queued.
 * @throws OrderflowError VALIDATION_FAILED for a bad endpoint id; NOT_FOUND for an unknown one.
 */
export async function replayFrom(
  db: Knex,
  store: EventStore,
  from: bigint,
  endpointId?: string,
): Promise<number> {
  if (endpointId !== undefined && !isUuid(endpointId))
    throw validationFailed('endpoint must be an endpoint id (a UUID)', { field: 'endpoint' });
  const endpointsQuery = db(WEBHOOK_ENDPOINTS).select('id', 'event_types');
  if (endpointId) endpointsQuery.where({ id: endpointId });
  const endpoints: Array<{ id: string; event_types: string[] }> = await endpointsQuery;
  if (endpointId && endpoints.length === 0)
    throw new OrderflowError('NOT_FOUND', `no webhook endpoint ${endpointId}`, { id: endpointId });
  let after = from;
  let queued = 0;
  for (;;) {
    const events = await store.readAll({
      after,
      maxCount: 1000,
      filter: { eventTypes: WEBHOOK_EVENT_TYPES },
    });
    if (events.length === 0) return queued;
    const rows = events.flatMap((event) =>
      endpoints
        .filter((e) => e.event_types.includes(event.type))
        .map((e) => ({
          id: deliveryId(e.id, event.id),
          endpoint_id: e.id,
          event_id: event.id,
          event_type: event.type,
          position: event.position.toString(),
          body: JSON.stringify(webhookBody(event)),
        })),
    );
    if (rows.length > 0) {
      const merged = await db(WEBHOOK_DELIVERIES)
        .insert(rows)
        .onConflict(['endpoint_id', 'event_id'])
        .merge({ status: 'pending', attempts: 0, next_attempt_at: db.fn.now() })
        .returning('id');
      queued += merged.length;
    }
    after = events.at(-1)!.position;
  }
}
