import { checkpointsMigration, parkedEventsMigration } from './runtime/legacy-migrations.ts';
import type { Migration, Projection } from './runtime/projection.ts';
import { dailySalesProjection } from './daily-sales/projection.ts';
import { dailySalesMigration } from './daily-sales/schema.ts';
import { orderDetailsProjection } from './order-details/projection.ts';
import {
  orderDetailsMigration,
  orderLinesWithoutForeignKeyMigration,
  orderShippingCountryMigration,
} from './order-details/schema.ts';
import { stockLevelsProjection } from './stock-levels/projection.ts';
import { productsSoldMigration, stockLevelsMigration } from './stock-levels/schema.ts';

export * from './runtime/projection.ts';
export * from './runtime/projector.ts';
export * from './runtime/status.ts';
export {
  countParkedEvents,
  listParkedEvents,
  retryParkedEvents,
  type ParkedEvent,
  type RetryOutcome,
} from '@orderflow/consumer';
export * from './runtime/rebuild.ts';
export * from './runtime/verify.ts';
export { type BuildProgress, type BuildOptions } from './runtime/build.ts';
export * from './order-details/row.ts';
export * from './order-details/queries.ts';
export * from './stock-levels/row.ts';
export * from './stock-levels/queries.ts';
export * from './daily-sales/row.ts';
export * from './daily-sales/queries.ts';
export { orderDetailsProjection, stockLevelsProjection, dailySalesProjection };

/** Every Postgres read model, in the order the projector starts them. */
export const projections: readonly Projection[] = [
  orderDetailsProjection,
  stockLevelsProjection,
  dailySalesProjection,
];

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
];
export * from './consistency.ts';
export * from './inspect.ts';
export * from './redis/index.ts';
