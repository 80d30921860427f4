import { checkpointsMigration, parkedEventsMigration } from './runtime/postgres/legacy-migrations.ts';
import type { Migration } from './runtime/postgres/projection.ts';
import { dailySalesProjection } from './read-models/daily-sales/projection.ts';
import { dailySalesMigration } from './read-models/daily-sales/schema.ts';
import { orderDetailsProjection } from './read-models/order-details/projection.ts';
import {
  orderCouponsMigration,
  orderDetailsMigration,
  orderLinesWithoutForeignKeyMigration,
  orderRefundsMigration,
  orderShipmentMigration,
  orderShippingCountryMigration,
} from './read-models/order-details/schema.ts';
import { stockLevelsProjection } from './read-models/stock-levels/projection.ts';
import { couponsMigration } from './read-models/coupons/schema.ts';
import { stockAlertsMigration } from './read-models/stock-alerts/schema.ts';
import { hourlySalesMigration, hourlySalesRefundsMigration } from './read-models/hourly-sales/schema.ts';
import {
  hourlyFulfilmentMigration,
  hourlyShippingMigration,
} from './read-models/hourly-fulfilment/schema.ts';
import { productsSoldMigration, stockLevelsMigration } from './read-models/stock-levels/schema.ts';

export * from './runtime/postgres/projection.ts';
export * from './runtime/postgres/projector.ts';
export * from './runtime/status.ts';
export {
  countParkedEvents,
  listParkedEvents,
  listSkippedEvents,
  retryParkedEvents,
  skipParkedEvent,
  type ParkedEvent,
  type ProcessorStatus,
  type RetryOutcome,
  type SkippedEvent,
} from '@orderflow/consumer';
export * from './runtime/postgres/rebuild.ts';
export * from './runtime/postgres/verify.ts';
export { type BuildProgress, type BuildOptions } from './runtime/postgres/build.ts';
export * from './read-models/order-details/row.ts';
export * from './read-models/order-details/queries.ts';
export * from './read-models/stock-levels/row.ts';
export * from './read-models/stock-levels/queries.ts';
export * from './read-models/daily-sales/row.ts';
export * from './read-models/daily-sales/queries.ts';
export * from './read-models/coupons/row.ts';
export * from './read-models/coupons/queries.ts';
export * from './read-models/stock-alerts/row.ts';
export * from './read-models/stock-alerts/queries.ts';
export * from './read-models/hourly-sales/hours.ts';
export * from './read-models/hourly-sales/row.ts';
export * from './read-models/hourly-sales/queries.ts';
export * from './read-models/hourly-sales/projection.ts';
export * from './read-models/hourly-fulfilment/histogram.ts';
export * from './read-models/hourly-fulfilment/row.ts';
export * from './read-models/hourly-fulfilment/queries.ts';
export * from './read-models/hourly-fulfilment/projection.ts';
export { orderDetailsProjection, stockLevelsProjection, dailySalesProjection };

export * from './read-models/registry.ts';

/**
 * The read models' knex migrations, in order. Their checkpoints and parked events live in the
 * runtime's tables: run `consumerMigrations` (`@orderflow/consumer`) after these.
 */
export const projectionMigrations: readonly Migration[] = [
  checkpointsMigration,
  orderDetailsMigration,
  stockLevelsMigration,
  orderShippingCountryMigration,
  productsSoldMigration,
  parkedEventsMigration,
  dailySalesMigration,
  orderLinesWithoutForeignKeyMigration,
  orderCouponsMigration,
  couponsMigration,
  orderShipmentMigration,
  stockAlertsMigration,
  hourlySalesMigration,
  hourlyFulfilmentMigration,
  orderRefundsMigration,
  hourlySalesRefundsMigration,
  hourlyShippingMigration,
];
export * from './consistency.ts';
export * from './inspect.ts';
export * from './runtime/redis/index.ts';
export {
  createReadModelQueries,
  type ReadModelQueries,
  type ReadModelQueriesInput,
} from './read-models/queries.ts';
export * from './read-models/order-status/row.ts';
export * from './read-models/order-status/projection.ts';
export * from './read-models/order-status/queries.ts';
export * from './read-models/stock-availability/row.ts';
export * from './read-models/stock-availability/projection.ts';
export * from './read-models/stock-availability/queries.ts';
export * from './read-models/top-sellers/row.ts';
export * from './read-models/top-sellers/projection.ts';
export * from './read-models/top-sellers/queries.ts';
