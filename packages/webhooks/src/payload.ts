import type { RecordedEvent } from '@orderflow/core';
import type { LowStockAlertCleared, LowStockAlertRaised } from '@orderflow/domain';
import { stockLowV1, stockReplenishedV1, type StockLowV1, type StockReplenishedV1 } from '@orderflow/kafka';

/** The domain events webhooks deliver; an endpoint takes all of them or the ones it names. */
export const WEBHOOK_EVENT_TYPES = ['LowStockAlertRaised', 'LowStockAlertCleared'] as const;

/** One of {@link WEBHOOK_EVENT_TYPES}. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The JSON body of a webhook: the same versioned integration event as on the Kafka topic
 * `inventory.alerts` (packages/kafka/CONTRACT.md) — `orderflow.inventory.stock.low` v1 or
 * `orderflow.inventory.stock.replenished` v1, with `eventId`, `occurredAt` (when the alert was
 * recorded), `subject` (the sku) and `data` { sku, available, threshold } (units).
 */
export type WebhookBody = StockLowV1 | StockReplenishedV1;

/** The body of a webhook for `event` (one of {@link WEBHOOK_EVENT_TYPES}). */
export function webhookBody(event: RecordedEvent): WebhookBody {
  const type = event.type as WebhookEventType;
  switch (type) {
    case 'LowStockAlertRaised':
      return stockLowV1(event as RecordedEvent<LowStockAlertRaised>);
    case 'LowStockAlertCleared':
      return stockReplenishedV1(event as RecordedEvent<LowStockAlertCleared>);
    default: {
      const _exhaustive: never = type;
      throw new TypeError(`webhooks do not deliver ${String(event.type)}`);
    }
  }
}
