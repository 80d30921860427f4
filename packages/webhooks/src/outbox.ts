import type { PostgresProcessor } from '@orderflow/consumer';
import { deterministicId, type RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';
import { WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS } from './migration.ts';
import { webhookBody, WEBHOOK_EVENT_TYPES } from './payload.ts';

/** The processor's name: its checkpoint, advisory lock and parked events. */
export const WEBHOOKS_PROCESSOR = 'webhooks';

/** A delivery's id: one per endpoint and event, the same however often the event is enqueued. */
export const deliveryId = (endpointId: string, eventId: string): string =>
  deterministicId('webhook-delivery', endpointId, eventId);

/**
 * Inserts a pending delivery, due now, for each of `events` and each endpoint that takes its
 * type; a delivery that exists already (same endpoint and event) is left as it is. Returns how
 * many were inserted.
 */
export async function enqueueDeliveries(db: Knex, events: readonly RecordedEvent[]): Promise<number> {
  const endpoints: Array<{ id: string; event_types: string[] }> = await db(WEBHOOK_ENDPOINTS).select(
    'id',
    'event_types',
  );
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
  if (rows.length === 0) return 0;
  const inserted = await db(WEBHOOK_DELIVERIES)
    .insert(rows)
    .onConflict(['endpoint_id', 'event_id'])
    .ignore()
    .returning('id');
  return inserted.length;
}

/**
 * The webhooks processor on the subscription runtime: it turns each low-stock alert into one
 * pending delivery per endpoint in the same transaction as its checkpoint (a transactional
 * outbox), so every alert is enqueued exactly once whatever the restarts; the delivery worker
 * ({@link startDeliveryWorker}) sends them. `onEnqueued` runs after each commit that enqueued
 * something (wakes the worker); `onLeadership` starts and stops the worker with the lock, so it
 * runs in the one process that holds it.
 */
export function webhooksProcessor(hooks: {
  onEnqueued(): void;
  onLeadership(held: boolean): void | Promise<void>;
}): PostgresProcessor<number> {
  return {
    kind: 'postgres',
    name: WEBHOOKS_PROCESSOR,
    eventTypes: WEBHOOK_EVENT_TYPES,
    store: 'postgres',
    version: 1,
    apply: (trx, events) => enqueueDeliveries(trx, events),
    afterCommit: (inserted) => {
      if (inserted > 0) hooks.onEnqueued();
    },
    onLeadership: (held) => hooks.onLeadership(held),
  };
}
