import type { Migration } from '../runtime/projection.ts';

export const PRODUCTS_TABLE = 'products';

export const stockLevelsMigration: Migration = {
  name: '0003_stock_levels',
  up: (knex) =>
    knex.schema.createTable(PRODUCTS_TABLE, (t) => {
      t.text('sku').primary();
      t.text('name').notNullable();
      t.bigInteger('unit_price').notNullable();
      t.text('currency').notNullable();
      t.bigInteger('on_hand').notNullable();
      t.bigInteger('reserved').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
      t.bigInteger('position').notNullable();
    }),
  down: (knex) => knex.schema.dropTable(PRODUCTS_TABLE),
};
