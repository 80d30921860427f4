import { checkpointsMigration } from './runtime/checkpoints.ts';
import { parkedEventsMigration } from './runtime/parked.ts';
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
export * from './runtime/checkpoints.ts';
export * from './runtime/projector.ts';
export * from './runtime/apply.ts';
export * from './runtime/parked.ts';
export * from './runtime/status.ts';
export * from './runtime/rebuild.ts';
export * from './runtime/verify.ts';
export * from './runtime/inspect.ts';
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

/** The read models' knex migrations, in order. */
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
export * from './redis/index.ts';
