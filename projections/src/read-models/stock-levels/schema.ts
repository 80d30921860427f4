import type { Migration } from '../../runtime/postgres/projection.ts';

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

/**
 * Units sold per product (Σ StockCommitted), for the top-sellers report. Rows that existed before
 * start at 0 and are correct after `orderflow replay --projection stock-levels` (version 2).
 */
export const productsSoldMigration: Migration = {
  name: '0005_products_sold',
  async up(knex) {
    await knex.schema.alterTable(PRODUCTS_TABLE, (t) => void t.bigInteger('sold').notNullable().defaultTo(0));
    await knex.raw('CREATE INDEX products_sold ON ?? (sold DESC, sku) WHERE sold > 0', [PRODUCTS_TABLE]);
  },
  down: (knex) => knex.schema.alterTable(PRODUCTS_TABLE, (t) => void t.dropColumn('sold')),
};
