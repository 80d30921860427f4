import { checkpointsMigration } from './runtime/checkpoints.ts';
import type { Migration, Projection } from './runtime/projection.ts';
import { orderDetailsProjection } from './order-details/projection.ts';
import { orderDetailsMigration, orderShippingCountryMigration } from './order-details/schema.ts';
import { stockLevelsProjection } from './stock-levels/projection.ts';
import { stockLevelsMigration } from './stock-levels/schema.ts';

export * from './runtime/projection.ts';
export * from './runtime/checkpoints.ts';
export * from './runtime/projector.ts';
export * from './order-details/row.ts';
export * from './order-details/queries.ts';
export * from './stock-levels/row.ts';
export * from './stock-levels/queries.ts';
export { orderDetailsProjection, stockLevelsProjection };

/** Every Postgres read model, in the order the projector starts them. */
export const projections: readonly Projection[] = [orderDetailsProjection, stockLevelsProjection];

/** The read models' knex migrations, in order. */
export const projectionMigrations: readonly Migration[] = [
  checkpointsMigration,
  orderDetailsMigration,
  stockLevelsMigration,
  orderShippingCountryMigration,
];
export * from './consistency.ts';
