import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/**
 * A SKU's low-stock state: its `threshold` (units; 0 = no alerts), whether the alert is raised
 * (`low`), and `available` (onHand − reserved) when the alert was last raised or cleared.
 */
export interface StockAlertRow {
  readonly sku: string;
  readonly threshold: number;
  readonly low: boolean;
  readonly available: number;
  /** When the event that last changed the row was recorded. */
  readonly changedAt: Date;
  readonly position: bigint;
}

/** A low-stock alert raised or cleared: what `stockAlerts` subscribers receive. */
export interface StockAlertChange {
  readonly sku: string;
  readonly low: boolean;
  readonly available: number;
  readonly threshold: number;
  readonly position: bigint;
  readonly at: Date;
}

/** The event types this read model handles. */
export const STOCK_ALERTS_EVENTS = [
  'StockThresholdSet',
  'LowStockAlertRaised',
  'LowStockAlertCleared',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link STOCK_ALERTS_EVENTS}. */
export type StockAlertsEvent = DomainEventOf<(typeof STOCK_ALERTS_EVENTS)[number]>;

/** Pure: the row after `event` (a threshold or an alert creates it). */
export function evolveStockAlert(
  row: StockAlertRow | null,
  event: RecordedEvent<StockAlertsEvent>,
): StockAlertRow {
  const at = { changedAt: event.metadata.recordedAt, position: event.position };
  const base = row ?? { sku: event.data.sku, threshold: 0, low: false, available: 0, ...at };
  switch (event.type) {
    case 'StockThresholdSet':
      return { ...base, threshold: event.data.threshold, ...at };
    case 'LowStockAlertRaised':
      return { ...base, low: true, available: event.data.available, threshold: event.data.threshold, ...at };
    case 'LowStockAlertCleared':
      return { ...base, low: false, available: event.data.available, threshold: event.data.threshold, ...at };
    default: {
      const _exhaustive: never = event;
      return base;
    }
  }
}
